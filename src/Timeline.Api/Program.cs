using Timeline.Api.Platform.Idempotency;
using Timeline.Api.Platform.Replica;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Audit;
using Timeline.Api.Features.People;
using Timeline.Api.Features.SignIn;
using Timeline.Api.Features.Actors;
using Timeline.Api.Features.Alerts;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Features.Alerts.Subscriptions;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Exports;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Features.Measures;
using Timeline.Api.Features.Places;
using Timeline.Api.Platform.Hosting;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Telemetry;
using Timeline.Api.Features.Timelines;
using Timeline.Api.Features.Watches;
using Timeline.Api.Features.Leads;
using Timeline.Api.Features.Duplicates;

var builder = WebApplication.CreateBuilder(args);
builder.AddTimeline();
builder.AddMapSettings();

var app = builder.Build();
// First: the client's address and scheme, as a configured proxy saw them, are what everything after sees.
app.UseReverseProxy();
app.UseMiddleware<SecurityHeaders>();
app.UseExceptionHandler();
app.UseStatusCodePages();
// The web page (wwwroot) holds no data, so it is served to anyone, before authentication; every API call it makes carries a key.
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache" });
app.UseAuthentication();
// After authentication, which tells a key's requests from anonymous ones; before authorization, so that unauthenticated requests count too.
app.UseRateLimiter();
app.UseAuthorization();
// A write the session cookie authenticates carries the page's anti-forgery header, or is refused.
app.UseWhenSignInIsOn(a => a.UseMiddleware<CookieWrites>());
// After authorization: only a caller allowed to write has an oversized body read away before its 413.
app.UseMiddleware<OversizedBodies>();
app.UseMiddleware<RequestTextCheck>();
app.UseMiddleware<Utf8Bodies>();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseMiddleware<ReadConsistencyMiddleware>();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
app.MapReadiness();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/docs", o => o.WithTitle("Timeline API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
app.MapGet("/docs", () => Results.Redirect("/docs/v1")).AllowAnonymous().ExcludeFromDescription();

app.MapEventEndpoints();
app.MapTimelineQueryEndpoints();
app.MapDuplicateEndpoints();
app.MapWatchEndpoints();
app.MapLeadEndpoints();
app.MapTimelineEndpoints();
app.MapActorEndpoints();
app.MapMeasureEndpoints();
app.MapPlaceEndpoints();
app.MapMapSettings();
app.MapReconciliationEndpoints();
app.MapKeyEndpoints();
app.MapPersonalKeyEndpoints();
app.MapSignInEndpoints();
app.MapPeopleEndpoints();
app.MapAuditEndpoints();
app.MapFeedTokenEndpoints();
app.MapFollowUpEndpoints();
app.MapSubscriptionEndpoints();
app.MapAlertEndpoints();
app.MapChangeEndpoints();
app.MapAlertStream();
app.MapTimelineFeed();
app.MapDownloadEndpoints();
app.MapFollowUpCalendar();
app.MapJobDashboard();
app.MapMetrics();

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>The API host; public so that tests can start it.</summary>
public partial class Program;

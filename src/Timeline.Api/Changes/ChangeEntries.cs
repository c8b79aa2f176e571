using System.Text.Json;
using Microsoft.Extensions.Options;
using Timeline.Api.Actors;
using Timeline.Api.Events;
using Timeline.Api.FollowUps;
using Timeline.Api.Timelines;
using Timeline.Core.Changes;

namespace Timeline.Api.Changes;

/// <summary>
/// Builds the change-log row a write appends in its own transaction (<c>db.Changes.Add(...)</c> in each handler):
/// the entity exactly as its <c>GET</c> answers, in the API's JSON.
/// </summary>
public sealed class ChangeEntries(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public Change Event(string kind, EventView e) =>
        New(kind, ChangeEntities.Event, e.Id.ToString(), e.Version, e.UpdatedAt, JsonSerializer.Serialize(e, json.Value.SerializerOptions));

    public Change FollowUp(string kind, FollowUpView f, DateTimeOffset at) =>
        New(kind, ChangeEntities.FollowUp, f.Id.ToString(), f.Version, at, JsonSerializer.Serialize(f, json.Value.SerializerOptions));

    public Change Actor(string kind, ActorView a) =>
        New(kind, ChangeEntities.Actor, a.Code, a.Version, a.UpdatedAt, JsonSerializer.Serialize(a, json.Value.SerializerOptions));

    public Change Timeline(string kind, TimelineView t) =>
        New(kind, ChangeEntities.Timeline, t.Slug, 1, t.CreatedAt, JsonSerializer.Serialize(t, json.Value.SerializerOptions));

    /// <summary>The event's JSON as a change's data, for writers that build rows themselves (the import's COPY).</summary>
    public string EventData(EventView e) => JsonSerializer.Serialize(e, json.Value.SerializerOptions);

    private static Change New(string kind, string entity, string id, int version, DateTimeOffset at, string data) => new()
    {
        At = at,
        Kind = kind,
        Entity = entity,
        EntityId = id,
        Version = version,
        Data = data,
    };
}

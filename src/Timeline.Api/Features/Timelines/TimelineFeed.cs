using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Timelines;

/// <summary>
/// A saved timeline's new developments: the events its filter matches, most recently recorded, amended or retracted
/// first. Each version of an event is its own entry, so an amendment or a retraction shows up as news.
/// </summary>
public sealed record TimelineDevelopments(TimelineFilter Filter, int Limit) : IQuery<IReadOnlyList<EventView>>;

public sealed class TimelineDevelopmentsValidator : AbstractValidator<TimelineDevelopments>
{
    public TimelineDevelopmentsValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 500);
}

public sealed class TimelineDevelopmentsHandler(TimelineDbContext db) : IQueryHandler<TimelineDevelopments, IReadOnlyList<EventView>>
{
    public async ValueTask<IReadOnlyList<EventView>> Handle(TimelineDevelopments query, CancellationToken cancellationToken)
    {
        // The timeline's own filter (its indexes narrow the rows), newest change first, a short page; an identifier
        // no actor has any longer matches nothing, as in alert matching.
        var filter = (await TimelineFilter.ResolveAllAsync(db, [query.Filter], strict: false, cancellationToken))[query.Filter];
        return await filter.Where(db.Events.AsNoTracking())
            .OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.EventId)
            .Take(query.Limit)
            .ToViews()
            .ToListAsync(cancellationToken);
    }
}

/// <summary>A saved timeline as an RFC 4287 Atom feed.</summary>
public static class TimelineFeed
{
    public const string MediaType = "application/atom+xml";
    public const int Entries = 50;

    /// <summary>The UUID namespace the feed's and entries' name-based (version 5) ids are minted in.</summary>
    private static readonly Guid IdNamespace = new("4f1d2c0e-8b7a-4e55-9a51-7d3c2b6f0a94");

    public static void MapTimelineFeed(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/timelines/{slug}/feed.atom", async (string slug, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var timeline = await mediator.Send(new GetTimeline(slug), ct);
            var events = await mediator.Send(new TimelineDevelopments(timeline.Filter, Entries), ct);
            var request = http.Request;
            var baseUri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
            var self = new Uri(baseUri, $"api/timelines/{Uri.EscapeDataString(slug)}/feed.atom");
            return Results.Bytes(Write(Build(timeline, events, baseUri, self)), $"{MediaType}; charset=utf-8");
        })
        .WithTags("Saved timelines")
        .WithSummary("A saved timeline's new developments as an Atom feed, newest first; a feed reader may send a feed token as ?token=")
        .Produces(StatusCodes.Status200OK, contentType: MediaType)
        .TakesFeedTokens();

    public static SyndicationFeed Build(TimelineView timeline, IReadOnlyList<EventView> events, Uri baseUri, Uri self)
    {
        var feed = new SyndicationFeed
        {
            Id = UrnUuid($"timeline/{timeline.Slug}"),
            Title = new TextSyndicationContent(timeline.Title),
            LastUpdatedTime = events.Count > 0 ? events.Max(e => e.UpdatedAt) : timeline.CreatedAt,
            Generator = "Timeline",
        };
        if (!string.IsNullOrWhiteSpace(timeline.Description))
        {
            feed.Description = new TextSyndicationContent(timeline.Description);
        }

        feed.Links.Add(SyndicationLink.CreateSelfLink(self, MediaType));
        feed.Links.Add(SyndicationLink.CreateAlternateLink(
            new Uri(baseUri, $"api/timelines/{Uri.EscapeDataString(timeline.Slug)}/events"), "application/json"));
        feed.Items = [.. events.Select(e => Entry(e, baseUri))];
        return feed;
    }

    private static SyndicationItem Entry(EventView e, Uri baseUri)
    {
        var retracted = e.Status == EventStatuses.Retracted;
        var item = new SyndicationItem
        {
            // One entry per version: the same version always has the same id, a new one is news.
            Id = UrnUuid($"event/{e.Id:D}/v{e.Version}"),
            Title = new TextSyndicationContent(retracted ? "Retracted: " + e.Title : e.Title),
            Summary = new TextSyndicationContent(SummaryOf(e, retracted)),
            LastUpdatedTime = e.UpdatedAt,
            PublishDate = e.RecordedAt,
        };
        item.Authors.Add(new SyndicationPerson { Name = e.RecordedBy });
        if (e.UpdatedBy != e.RecordedBy)
        {
            item.Contributors.Add(new SyndicationPerson { Name = e.UpdatedBy });
        }

        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(baseUri, $"api/events/{e.Id:D}"), "application/json"));
        // Scheme + term is the filter URL that selects the category: a resolvable, stable IRI per kind of category.
        item.Categories.Add(new SyndicationCategory(e.Type, new Uri(baseUri, "api/timeline?type=").AbsoluteUri, $"type: {e.Type}"));
        foreach (var actor in e.Actors)
        {
            item.Categories.Add(new SyndicationCategory(actor, new Uri(baseUri, "api/actors/").AbsoluteUri, $"actor: {actor}"));
        }

        foreach (var tag in e.Tags)
        {
            item.Categories.Add(new SyndicationCategory(tag, new Uri(baseUri, "api/timeline?tag=").AbsoluteUri, $"tag: {tag}"));
        }

        return item;
    }

    private static string SummaryOf(EventView e, bool retracted)
    {
        var change = e.Version == 1 ? "recorded" : retracted ? "retracted" : $"amended (version {e.Version})";
        var text = new StringBuilder()
            .Append(e.Occurred).Append(" · ").Append(e.Type).Append(" · ").Append(e.Status).Append(" · ").Append(change).Append(". ")
            .Append(e.Summary);
        if (retracted && !string.IsNullOrWhiteSpace(e.RetractionReason))
        {
            text.Append(" Retraction reason: ").Append(e.RetractionReason);
        }

        return text.ToString();
    }

    public static byte[] Write(SyndicationFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>A name-based UUID (RFC 9562 version 5) as a <c>urn:uuid:</c> URI: the same name, the same id, everywhere.</summary>
    internal static string UrnUuid(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        IdNamespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what version 5 UUIDs are defined with; nothing here is a security use.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }
}

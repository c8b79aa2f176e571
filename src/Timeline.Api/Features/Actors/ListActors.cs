using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Events;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>Actors by code, keyset-paged; <see cref="Q"/> finds them by name, alias, code or identifier, best first.</summary>
public sealed record ListActors : IQuery<ActorPage>
{
    /// <summary>
    /// A name in any script, or part of one (<c>Kim Jong Un</c>, <c>Шойгу</c>, <c>최선희</c>, <c>chon ma</c>), a code, or
    /// <c>scheme:value</c> (<c>imo:9179842</c>). Names are compared by their keys: case, accents, punctuation and word
    /// order do not matter, Cyrillic, Greek and Hangul meet their Latin spellings; each result's <c>match</c> says which
    /// of its names matched and how much of the query it contains (0–1). Exact codes and identifiers come first, then
    /// names holding every word of the query, then names spelt alike.
    /// </summary>
    public string? Q { get; init; }

    /// <summary>1–500, default 100.</summary>
    public string? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }

    /// <summary>The code a cursor stands for: the last actor of the previous page.</summary>
    internal static string? CodeOf(string? cursor)
    {
        try
        {
            var code = cursor is null or { Length: > 200 } ? null
                : Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/') + new string('=', (4 - cursor.Length % 4) % 4)));
            return code is not null && Regex.IsMatch(code, EventRules<EventFields>.ActorPattern) ? code : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static string CursorOf(string code) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(code)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The words of a name search, each matched as a word prefix; empty when there are none.</summary>
    internal static string[] Words(string q) => [.. Regex.Matches(q, @"[\p{L}\p{N}]+").Select(m => m.Value.ToLowerInvariant()).Take(10)];
}

public sealed record ActorPage(IReadOnlyList<ActorView> Items, string? NextCursor);

public sealed class ListActorsValidator : AbstractValidator<ListActors>
{
    public ListActorsValidator()
    {
        RuleFor(x => x.Q).MaximumLength(200).Custom((q, context) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                return;
            }

            if (IdentifierSchemes.TrySplit(q, out var scheme, out var value))
            {
                if (!IdentifierSchemes.TryNormalize(scheme, value, out _, out var error))
                {
                    context.AddFailure(error);
                }
            }
            else if (ListActors.Words(q).Length == 0)
            {
                context.AddFailure("give words of a name, alias or code, or scheme:value (e.g. imo:9179842)");
            }
        });
        RuleFor(x => x.Limit).Must(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 500)
            .When(x => x.Limit is not null).WithMessage("limit must be a whole number from 1 to 500");
        RuleFor(x => x.Cursor).Must(c => ListActors.CodeOf(c) is not null).When(x => x.Cursor is not null)
            .WithMessage("cursor is not a nextCursor of this list");
    }
}

public sealed class ListActorsHandler(TimelineDbContext db) : IQueryHandler<ListActors, ActorPage>
{
    public async ValueTask<ActorPage> Handle(ListActors query, CancellationToken cancellationToken)
    {
        var limit = query.Limit is null ? 100 : int.Parse(query.Limit, CultureInfo.InvariantCulture);
        var scheme = "";
        var value = "";
        var byIdentifier = !string.IsNullOrWhiteSpace(query.Q) && IdentifierSchemes.TrySplit(query.Q, out scheme, out value);
        if (!string.IsNullOrWhiteSpace(query.Q) && !byIdentifier)
        {
            // Before any EF Core query is built: the search is a statement of its own, and the expression trees of a query
            // it would not run cost each search CPU for nothing.
            return await FindByNameAsync(query.Q, query.Cursor, limit, cancellationToken);
        }

        IQueryable<Actor> actors = db.Actors.AsNoTracking().Include(a => a.Identifiers);
        if (byIdentifier)
        {
            IdentifierSchemes.TryNormalize(scheme, value, out var normalized, out _);
            actors = actors.Where(a => db.ActorIdentifiers.Any(i => i.Scheme == scheme && i.Value == normalized && i.ActorCode == a.Code));
        }

        if (ListActors.CodeOf(query.Cursor) is { } after)
        {
            actors = actors.Where(a => string.Compare(a.Code, after) > 0);
        }

        var page = await actors.OrderBy(a => a.Code).Take(limit + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var next = page.Count > limit ? ListActors.CursorOf(page[limit - 1].Code) : null;
        return new ActorPage([.. page.Take(limit).Select(a => a.ToView())], next);
    }

    /// <summary>A name search, best first (<see cref="ActorSearch"/>); each actor says which of its names matched.</summary>
    private async Task<ActorPage> FindByNameAsync(string q, string? cursor, int limit, CancellationToken ct)
    {
        // The search's statement reads the actors' records too: one round trip a page.
        var (ranked, widened) = await ActorSearch.FindAsync(db, q, ListActors.CodeOf(cursor), limit, limit + 1, ct);
        var found = ranked.Take(limit).Select(r => r.Actor).ToList();
        // A page the query's words filled may be followed by names spelt alike, which the search did not look for: the
        // next page does (and may then find none).
        var more = ranked.Count > limit || (ranked.Count == limit && !widened);
        return new ActorPage(found, more ? ListActors.CursorOf(ranked[limit - 1].Code) : null);
    }
}

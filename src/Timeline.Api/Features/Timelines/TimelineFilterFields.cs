using Timeline.Api.Features.Events;

namespace Timeline.Api.Features.Timelines;

public partial record TimelineFilter
{
    /// <summary>
    /// Everything of a filter but its text query and places, checked against events in memory, with what the filter asks
    /// for worked out once (tags lower-cased, grades split, dates parsed, type subtrees split): the alert matcher checks
    /// each candidate subscription's filter against every change of a page, hundreds of times a change.
    /// </summary>
    /// <summary>
    /// Each filter's test, worked out once for as long as the filter lives: the matcher keeps its subscriptions' filters
    /// between pages (a filter is an immutable record; one with identifiers resolved is a new one).
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TimelineFilter, FieldTest> FieldTests = [];

    private sealed class FieldTest
    {
        private readonly HashSet<string>? actors;
        private readonly HashSet<string>? tags;
        private readonly (string Exact, string? Subtree)[]? types;
        private readonly string[]? statuses;
        private readonly string[]? authorities;
        private readonly string[]? programs;
        private readonly string[]? reliabilities;
        private readonly int[]? credibilities;
        private readonly DateOnly? from;
        private readonly DateOnly? to;
        private readonly bool within;

        public FieldTest(TimelineFilter filter)
        {
            actors = filter.Actor is { Length: > 0 } a ? [.. a] : null;
            tags = filter.Tag is { Length: > 0 } ? [.. filter.LowerTags()] : null;
            // military.* is military itself and whatever starts with "military."
            types = filter.Type is { Length: > 0 } t
                ? [.. t.Select(type => type.EndsWith(".*", StringComparison.Ordinal) ? (Exact: type[..^2], Subtree: (string?)type[..^1]) : (Exact: type, Subtree: null))]
                : null;
            statuses = filter.Status is { Length: > 0 } s ? s : null;
            authorities = filter.Authority is { Length: > 0 } au ? au : null;
            programs = filter.Program is { Length: > 0 } p ? p : null;
            reliabilities = Grades(filter.Reliability) is { Length: > 0 } r ? r : null;
            credibilities = filter.CredibilityGrades() is { Length: > 0 } c ? c : null;
            (from, to) = filter.Range();
            within = filter.Match == "within";
        }

        public bool Matches(EventView e)
        {
            if (actors is not null && !e.Actors.Any(actors.Contains))
            {
                return false;
            }

            if (tags is not null && !e.Tags.Any(tags.Contains))
            {
                return false;
            }

            if (types is not null && !types.Any(t => e.Type == t.Exact || (t.Subtree is not null && e.Type.StartsWith(t.Subtree, StringComparison.Ordinal))))
            {
                return false;
            }

            if (statuses is not null && !statuses.Contains(e.Status))
            {
                return false;
            }

            if (authorities is not null && (e.Sanction is null || !authorities.Contains(e.Sanction.Authority)))
            {
                return false;
            }

            if (programs is not null && (e.Sanction?.Program is null || !programs.Contains(e.Sanction.Program)))
            {
                return false;
            }

            if (reliabilities is not null && !e.Sources.Any(s => s.Reliability is not null && reliabilities.Contains(s.Reliability)))
            {
                return false;
            }

            if (credibilities is not null && (e.Credibility is null || !credibilities.Contains(e.Credibility.Value)))
            {
                return false;
            }

            // An open end is unbounded: the view's null is the stored ±infinity.
            var earliest = e.Earliest ?? DateOnly.MinValue;
            var latest = e.Latest ?? DateOnly.MaxValue;
            return within
                ? (from is null || earliest >= from) && (to is null || latest <= to)
                : (from is null || latest >= from) && (to is null || earliest <= to);
        }
    }
}

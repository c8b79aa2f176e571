using System.Globalization;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>
/// One query of a reconciliation batch (W3C Entity Reconciliation API 0.2): a name, the kinds it may be, how many
/// candidates, and identifiers (<c>pid</c> a scheme such as <c>wikidata</c> or <c>imo</c>) that narrow or confirm.
/// </summary>
public sealed record ReconciliationQuery(string? Query, IReadOnlyList<string> Types, int Limit, IReadOnlyList<(string Scheme, string Value)> Identifiers);

/// <summary>A candidate as the API's result batch carries it: <see cref="Id"/> is the actor's code.</summary>
public sealed record ReconciliationCandidate(string Id, string Name, double Score, bool Match, IReadOnlyList<ReconciliationType> Type);

public sealed record ReconciliationType(string Id, string Name);

public sealed record ReconciliationResult(IReadOnlyList<ReconciliationCandidate> Result);

/// <summary>Reconcile a batch of names (an OpenRefine column) against the actors, by their name keys and identifiers.</summary>
public sealed record ReconcileActors(IReadOnlyDictionary<string, ReconciliationQuery> Queries) : IQuery<Dictionary<string, ReconciliationResult>>
{
    public const int MaxQueries = 100;
    public const int DefaultLimit = 5;

    public static ReconciliationType TypeOf(string kind) => new(kind, CultureInfo.InvariantCulture.TextInfo.ToTitleCase(kind));

    /// <summary>
    /// Reads a batch, <c>{ "q0": { "query", "type", "limit", "properties": [{ "pid", "v" }] } }</c>, as the spec's
    /// query-batch schema has it; what the service cannot use is a 400 naming the query and its member.
    /// </summary>
    public static ReconcileActors Parse(string? queries)
    {
        JsonElement batch;
        try
        {
            batch = JsonDocument.Parse(queries ?? "").RootElement.Clone();
        }
        catch (JsonException)
        {
            throw ProblemException.BadRequest("queries", "queries is a JSON object of queries, e.g. {\"q0\": {\"query\": \"Kim Jong Un\"}}");
        }

        if (batch.ValueKind != JsonValueKind.Object || !batch.EnumerateObject().Any())
        {
            throw ProblemException.BadRequest("queries", "queries is a JSON object of queries, e.g. {\"q0\": {\"query\": \"Kim Jong Un\"}}");
        }

        var parsed = new Dictionary<string, ReconciliationQuery>(StringComparer.Ordinal);
        foreach (var entry in batch.EnumerateObject())
        {
            if (parsed.Count == MaxQueries)
            {
                throw ProblemException.BadRequest("queries", $"at most {MaxQueries} queries a batch");
            }

            parsed[entry.Name] = One($"queries.{EchoedValue.Cut(entry.Name)}", entry.Value);
        }

        return new ReconcileActors(parsed);
    }

    private static ReconciliationQuery One(string field, JsonElement q)
    {
        if (q.ValueKind != JsonValueKind.Object)
        {
            throw ProblemException.BadRequest(field, "a query is an object with query, type, limit or properties");
        }

        string? text = null;
        var types = new List<string>();
        var limit = DefaultLimit;
        var identifiers = new List<(string, string)>();
        foreach (var member in q.EnumerateObject())
        {
            switch (member.Name)
            {
                case "query" when member.Value.ValueKind == JsonValueKind.String && member.Value.GetString()!.Length <= 200:
                    text = member.Value.GetString();
                    break;
                case "type" when member.Value.ValueKind is JsonValueKind.String or JsonValueKind.Array:
                    types.AddRange(member.Value.ValueKind == JsonValueKind.String ? [member.Value.GetString()!]
                        : member.Value.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : ""));
                    if (types.FirstOrDefault(t => !Actor.Kinds.Contains(t)) is { } unknown)
                    {
                        throw ProblemException.BadRequest($"{field}.type", $"{EchoedValue.Cut(unknown)} is not a type here: one of {string.Join(", ", Actor.Kinds)}");
                    }

                    break;
                case "limit" when member.Value.TryGetInt32(out var n) && n is >= 1 and <= 100:
                    limit = n;
                    break;
                case "type_strict":
                    break;
                case "properties" when member.Value.ValueKind == JsonValueKind.Array:
                    identifiers.AddRange(Identifiers($"{field}.properties", member.Value));
                    break;
                default:
                    throw ProblemException.BadRequest($"{field}.{EchoedValue.Cut(member.Name)}", member.Name switch
                    {
                        "query" => "query is a name of at most 200 characters",
                        "type" => "type is a kind or a list of kinds",
                        "limit" => "limit is a whole number from 1 to 100",
                        "properties" => "properties is a list of { pid, v }",
                        _ => "a query has query, type, limit, properties and type_strict only",
                    });
            }
        }

        if (string.IsNullOrWhiteSpace(text) && identifiers.Count == 0)
        {
            throw ProblemException.BadRequest($"{field}.query", "a query needs a query (a name) or an identifier among its properties");
        }

        return new ReconciliationQuery(text, types, limit, identifiers);
    }

    private static IEnumerable<(string, string)> Identifiers(string field, JsonElement properties)
    {
        var i = 0;
        foreach (var property in properties.EnumerateArray())
        {
            var at = $"{field}[{i++}]";
            var pid = property.ValueKind == JsonValueKind.Object && property.TryGetProperty("pid", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
            if (!IdentifierSchemes.All.Contains(pid))
            {
                throw ProblemException.BadRequest($"{at}.pid", $"a property here is an identifier scheme: one of {string.Join(", ", IdentifierSchemes.All)}");
            }

            var values = !property.TryGetProperty("v", out var v) ? []
                : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [v];
            foreach (var value in values)
            {
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.Object when value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
                    _ => null,
                };
                if (!IdentifierSchemes.TryNormalize(pid, text, out var normalized, out var error))
                {
                    throw ProblemException.BadRequest($"{at}.v", error);
                }

                yield return (pid, normalized);
            }
        }
    }
}

public sealed class ReconcileActorsHandler(TimelineDbContext db) : IQueryHandler<ReconcileActors, Dictionary<string, ReconciliationResult>>
{
    /// <summary>A candidate matches when an identifier agrees, or its name scores at least this and that far above the next.</summary>
    public const double ClearScore = 0.9, ClearLead = 0.2;

    public async ValueTask<Dictionary<string, ReconciliationResult>> Handle(ReconcileActors batch, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, ReconciliationResult>(StringComparer.Ordinal);
        foreach (var (key, query) in batch.Queries)
        {
            results[key] = new ReconciliationResult(await CandidatesAsync(query, cancellationToken));
        }

        return results;
    }

    private async Task<List<ReconciliationCandidate>> CandidatesAsync(ReconciliationQuery query, CancellationToken ct)
    {
        // By name: more than asked for, as the kinds and identifiers may leave some out.
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(query.Query) && ListActors.Words(query.Query).Length > 0)
        {
            foreach (var found in (await ActorSearch.FindAsync(db, query.Query, null, query.Limit + 20, query.Limit + 20, ct)).Found)
            {
                scores[found.Code] = found.Match.Score;
            }
        }

        var schemes = query.Identifiers.Select(i => i.Scheme).Distinct().ToList();
        var values = query.Identifiers.Select(i => i.Value).Distinct().ToList();
        var confirmed = (await db.ActorIdentifiers.AsNoTracking().Where(i => schemes.Contains(i.Scheme) && values.Contains(i.Value)).ToListAsync(ct))
            .Where(i => query.Identifiers.Contains((i.Scheme, i.Value))).Select(i => i.ActorCode).ToHashSet(StringComparer.Ordinal);
        var codes = scores.Keys.Union(confirmed).ToList();
        var actors = await db.Actors.AsNoTracking().Include(a => a.Identifiers).Where(a => codes.Contains(a.Code)).AsSplitQuery().ToListAsync(ct);

        var candidates = actors
            .Where(a => query.Types.Count == 0 || query.Types.Contains(a.Kind))
            // An actor known in a scheme the query gives, by another value, is another entity.
            .Where(a => confirmed.Contains(a.Code) || !a.Identifiers.Any(i => schemes.Contains(i.Scheme)))
            .Select(a => (Actor: a, Confirmed: confirmed.Contains(a.Code), Score: confirmed.Contains(a.Code) ? 1.0 : scores.GetValueOrDefault(a.Code)))
            .OrderByDescending(c => c.Confirmed).ThenByDescending(c => c.Score).ThenBy(c => c.Actor.Code, StringComparer.Ordinal)
            .Take(query.Limit).ToList();

        return [.. candidates.Select((c, i) => new ReconciliationCandidate(c.Actor.Code, c.Actor.Name, c.Score,
            i == 0 && (c.Confirmed && candidates.Count(o => o.Confirmed) == 1
                || c.Score >= ClearScore && (candidates.Count == 1 || c.Score - candidates[1].Score >= ClearLead) && !candidates.Any(o => o.Confirmed && o != c)),
            [ReconcileActors.TypeOf(c.Actor.Kind)]))];
    }
}

namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>An actor already recorded, as a reference to it resolves: its code and its name.</summary>
public sealed record RecordedActor(string Code, string Name);

/// <summary>
/// What a file of FtM entities becomes, worked out from all its lines at once (a Sanction may come before the
/// entity it names): the actors to record, the events as import lines (their FtM id as <c>externalId</c>), and the
/// schemata skipped. A reference to an entity neither in the file nor recorded rejects the line that makes it.
/// </summary>
public sealed class FtmPlan
{
    public List<FtmActor> NewActors { get; } = [];

    /// <summary>Actor entities already recorded (by their FtM id or their code): not recorded twice.</summary>
    public int ActorsAlreadyRecorded { get; private set; }

    /// <summary>The names each entity already recorded brings, by the code of the actor it is: candidates for its aliases.</summary>
    public List<(string Code, IReadOnlyList<string> Names)> NamesOfRecorded { get; } = [];

    /// <summary>The events and the rejected lines, in the order of the file.</summary>
    public List<ParsedLine> Lines { get; } = [];

    public SortedDictionary<string, int> OtherSchemata { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<string, (int Line, FtmEntity Entity, FtmActor? Actor)> inFile = new(StringComparer.Ordinal);

    /// <summary>
    /// The reasons given to a rejected line past the listed ones: the answer lists only the first rejections and counts
    /// the rest, so the rest share this one instead of each holding its own.
    /// </summary>
    public static readonly Dictionary<string, string[]> Unlisted = new() { ["line"] = ["rejected; past the listed rejections, lines are only counted"] };

    private int rejections;

    /// <summary>A rejected line: its reasons kept while the answer can still list them, then only counted.</summary>
    private void Reject(int line, Dictionary<string, string[]>? errors) =>
        Lines.Add(new ParsedLine(line, null, ++rejections <= ImportEventsHandler.MaxListedRejections ? errors : Unlisted));

    /// <param name="recorded">Actors already recorded, by the FtM id (their <c>opensanctions</c> identifier) or the code a reference may use.</param>
    public static FtmPlan From(IReadOnlyList<JsonLine<FtmEntity>> lines, IReadOnlyDictionary<string, RecordedActor> recorded)
    {
        var plan = new FtmPlan();
        var happenings = new List<(int Line, FtmEntity Entity)>();
        foreach (var line in lines)
        {
            if (plan.Read(line, recorded) is { } happening)
            {
                happenings.Add(happening);
            }
        }

        foreach (var (line, entity) in happenings)
        {
            var parsed = entity.Schema == FtmSchemata.Sanction ? plan.Designation(line, entity, recorded) : plan.Event(line, entity, recorded);
            if (parsed.Errors is { } errors)
            {
                plan.Reject(line, errors);
            }
            else
            {
                plan.Lines.Add(parsed);
            }
        }

        plan.Lines.Sort((a, b) => a.Line.CompareTo(b.Line));
        return plan;
    }

    /// <summary>First pass: actors are kept, sanctions and events held for the second, other schemata counted.</summary>
    private (int, FtmEntity)? Read(JsonLine<FtmEntity> line, IReadOnlyDictionary<string, RecordedActor> recorded)
    {
        if (line.Errors is { } errors)
        {
            Reject(line.Line, errors);
            return null;
        }

        var entity = line.Value!;
        if (string.IsNullOrWhiteSpace(entity.Id) || string.IsNullOrWhiteSpace(entity.Schema))
        {
            Reject(line.Line, new() { [string.IsNullOrWhiteSpace(entity.Id) ? "id" : "schema"] = ["an FtM entity needs its id and its schema"] });
            return null;
        }

        if (inFile.TryGetValue(entity.Id, out var first))
        {
            Reject(line.Line, new() { ["id"] = [$"the id {Platform.Http.EchoedValue.Cut(entity.Id)} is already used at line {first.Line}"] });
            return null;
        }

        if (FtmSchemata.IsActor(entity.Schema))
        {
            var actor = FtmActor.From(line.Line, entity, out var actorErrors);
            inFile[entity.Id] = (line.Line, entity, actor);
            if (actor is null)
            {
                Reject(line.Line, actorErrors);
            }
            else if ((recorded.GetValueOrDefault(entity.Id) ?? recorded.GetValueOrDefault(actor.Code)) is { } known)
            {
                ActorsAlreadyRecorded++;
                NamesOfRecorded.Add((known.Code, FtmActor.AllNames(entity)));
            }
            else
            {
                NewActors.Add(actor);
            }

            return null;
        }

        inFile[entity.Id] = (line.Line, entity, null);
        if (entity.Schema is FtmSchemata.Sanction or FtmSchemata.Event)
        {
            return (line.Line, entity);
        }

        OtherSchemata[entity.Schema] = OtherSchemata.GetValueOrDefault(entity.Schema) + 1;
        return null;
    }

    /// <summary>A Sanction: a designation of its entity by its authority, dated by its listing (or start) date.</summary>
    private ParsedLine Designation(int line, FtmEntity sanction, IReadOnlyDictionary<string, RecordedActor> recorded)
    {
        var errors = new Dictionary<string, string[]>();
        var targets = Resolve(sanction, "entity", recorded, errors);
        if (sanction.Values("entity").Count == 0)
        {
            errors["properties.entity"] = ["a Sanction names the entity it designates"];
        }

        var listed = Date(sanction, "listingDate", errors) ?? Date(sanction, "startDate", errors) ?? Date(sanction, "date", errors);
        var ends = Date(sanction, "endDate", errors);
        if (listed is null && !errors.Keys.Any(k => k.EndsWith("Date", StringComparison.Ordinal) || k == "properties.date"))
        {
            errors["properties.listingDate"] = ["a Sanction needs its listingDate or startDate to be dated"];
        }

        if (errors.Count > 0)
        {
            return new ParsedLine(line, null, errors);
        }

        var authority = sanction.First("authority");
        var program = sanction.First("program");
        var who = string.Join(", ", targets.Select(t => t.Name));
        var title = $"{authority ?? "Sanction"}: {who} designated{(program is null ? "" : " under " + program)}";
        return new ParsedLine(line, new ImportLine
        {
            ExternalId = sanction.Id,
            Title = Cut(title, 300),
            Summary = sanction.First("summary") ?? sanction.First("description") ?? sanction.First("reason"),
            Occurred = listed,
            Type = "sanctions.designation",
            Actors = [.. targets.Select(t => t.Code).Distinct()],
            Sources = Sources(sanction, title),
            Sanction = new SanctionFields
            {
                Authority = authority,
                Program = program,
                Reference = sanction.First("authorityId") ?? sanction.First("unscId"),
                Listed = listed,
                Ends = ends,
                Measures = [.. sanction.Values("provisions")],
                Reason = sanction.First("reason"),
            },
        }, null);
    }

    /// <summary>An Event: what happened, to the entities involved in it (and its organiser), over its start and end.</summary>
    private ParsedLine Event(int line, FtmEntity happening, IReadOnlyDictionary<string, RecordedActor> recorded)
    {
        var errors = new Dictionary<string, string[]>();
        var actors = Resolve(happening, "involved", recorded, errors).Concat(Resolve(happening, "organizer", recorded, errors)).ToList();
        var start = Date(happening, "startDate", errors);
        var end = Date(happening, "endDate", errors);
        var occurred = FtmDates.Interval(start, end) ?? Date(happening, "date", errors);
        if (errors.Count > 0)
        {
            return new ParsedLine(line, null, errors);
        }

        var title = happening.First("name");
        return new ParsedLine(line, new ImportLine
        {
            ExternalId = happening.Id,
            Title = title,
            Summary = happening.First("summary") ?? happening.First("description"),
            Occurred = occurred,
            Type = happening.Values("keywords").FirstOrDefault(k => k.Contains('.', StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(k, EventRules<EventFields>.TypePattern)) ?? "event",
            Actors = [.. actors.Select(a => a.Code).Distinct()],
            Sources = Sources(happening, title ?? happening.Id!),
        }, null);
    }

    /// <summary>The actors a property names: in the file, or recorded; anything else is an error naming the reference.</summary>
    private List<RecordedActor> Resolve(FtmEntity entity, string property, IReadOnlyDictionary<string, RecordedActor> recorded, Dictionary<string, string[]> errors)
    {
        var found = new List<RecordedActor>();
        var problems = new List<string>();
        foreach (var reference in entity.Values(property))
        {
            if (inFile.TryGetValue(reference, out var other))
            {
                if (other.Actor is { } actor)
                {
                    found.Add(recorded.GetValueOrDefault(reference) ?? recorded.GetValueOrDefault(actor.Code) ?? new RecordedActor(actor.Code, actor.Name));
                }
                else
                {
                    problems.Add(FtmSchemata.IsActor(other.Entity.Schema!)
                        ? $"the entity {reference} at line {other.Line} was rejected"
                        : $"the entity {reference} at line {other.Line} is a {other.Entity.Schema}, not an actor");
                }
            }
            else if (recorded.GetValueOrDefault(reference) is { } known)
            {
                found.Add(known);
            }
            else
            {
                problems.Add($"no entity {Platform.Http.EchoedValue.Cut(reference)} in the file or recorded");
            }
        }

        if (problems.Count > 0)
        {
            errors["properties." + property] = [.. problems];
        }

        return found;
    }

    private static string? Date(FtmEntity entity, string property, Dictionary<string, string[]> errors)
    {
        if (entity.First(property) is not { } value)
        {
            return null;
        }

        if (FtmDates.TryEdtf(value, out var edtf, out var error))
        {
            return edtf;
        }

        errors["properties." + property] = [error];
        return null;
    }

    /// <summary>Each <c>sourceUrl</c> is a source, titled with what the entity says happened and published by its <c>publisher</c>.</summary>
    private static List<SourceFields> Sources(FtmEntity entity, string title) =>
        [.. entity.Values("sourceUrl").Select(url => new SourceFields { Url = url, Title = Cut(title, 500), Publisher = entity.First("publisher") })];

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

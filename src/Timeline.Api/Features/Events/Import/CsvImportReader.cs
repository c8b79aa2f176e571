using System.Globalization;
using System.Runtime.CompilerServices;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Events.Import;

/// <summary>
/// CSV with a header row naming its columns; <c>actors</c> and <c>tags</c> are lists separated by <c>;</c>, and so are
/// the source cells when a row has several sources. RFC 4180 quoting; fields may span lines.
/// </summary>
public sealed class CsvImportReader : IImportReader
{
    public string NothingToImport => "no events: the CSV holds a header and no rows";

    /// <summary>The CSV columns, in the order the documentation gives them; a header may hold any of them in any order.</summary>
    public static readonly string[] Columns =
        ["title", "summary", "occurred", "type", "status", "actors", "tags", "source_url", "source_title", "source_publisher", "source_published", "externalId"];

    public async IAsyncEnumerable<ParsedLine> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        var options = new CsvHelper.CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MaxRecordSize = IImportReader.MaxLineBytes,
            MalformedData = CsvHelper.CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow,
        };
        await using var csv = CsvHelper.CsvReader.Create(body, options, true);
        await Csv(() => csv.ReadHeaderAsync(ct));
        var header = csv.Headers ?? [];
        if (header.Count == 0)
        {
            yield break;
        }

        var unknown = header.Where(h => !Columns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw ProblemException.BadRequest("header", $"unknown column{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Select(EchoedValue.Cut))}; the columns are {string.Join(",", Columns)}");
        }

        var columns = header.Select(h => Columns.First(c => c.Equals(h.Trim(), StringComparison.OrdinalIgnoreCase))).ToArray();
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw ProblemException.BadRequest("header", $"the column {duplicate.Key} is there twice");
        }

        while (await Csv(() => csv.ReadAsync(ct)))
        {
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != columns.Length)
            {
                yield return ParsedLine.Rejected(line, "body", $"the row has {csv.FieldCount} fields; the header has {columns.Length}");
                continue;
            }

            var record = new string?[columns.Length];
            Dictionary<string, string[]>? forbidden = null;
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = csv.GetString(i);
                if (record[i] is { } cell && StoredText.Problem(cell) is { } problem)
                {
                    (forbidden ??= [])[columns[i]] = [problem];
                }
            }

            yield return forbidden is null ? FromCsv(line, columns, record) : new ParsedLine(line, null, forbidden);
        }
    }

    /// <summary>Malformed CSV (bad quoting, an overlong record) cannot be resynchronised: the whole body is a 400.</summary>
    private static async ValueTask<T> Csv<T>(Func<ValueTask<T>> read)
    {
        try
        {
            return await read();
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            throw ProblemException.BadRequest("body", ex.LineNumber > 0 ? $"malformed CSV at line {ex.LineNumber}: {ex.Message}" : $"malformed CSV: {ex.Message}");
        }
    }

    private static async ValueTask Csv(Func<ValueTask> read) => await Csv(async () =>
    {
        await read();
        return true;
    });

    private static ParsedLine FromCsv(int line, string[] columns, string?[] record)
    {
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            cells[columns[i]] = string.IsNullOrWhiteSpace(record[i]) ? null : record[i];
        }

        static List<string> Split(string? cell) =>
            cell is null ? [] : [.. cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

        var urls = Split(cells.GetValueOrDefault("source_url"));
        var errors = new Dictionary<string, string[]>();

        // With one source a cell is taken whole (a title may hold ';'); with several, each cell lists them by position.
        List<string?> PerSource(string column, string field)
        {
            var cell = cells.GetValueOrDefault(column);
            if (urls.Count <= 1)
            {
                return [cell?.Trim()];
            }

            if (cell is null)
            {
                return [.. urls.Select(_ => (string?)null)];
            }

            var parts = cell.Split(';').Select(p => string.IsNullOrWhiteSpace(p) ? null : p.Trim()).ToList();
            if (parts.Count != urls.Count)
            {
                errors[field] = [$"{urls.Count} source URLs but {parts.Count} values in {column}: with several sources, list one per source, separated by ';'"];
                return [.. urls.Select(_ => (string?)null)];
            }

            return parts;
        }

        var titles = PerSource("source_title", "sources");
        var publishers = PerSource("source_publisher", "sources");
        var published = PerSource("source_published", "sources");
        List<SourceFields>? sources = null;
        if (urls.Count > 0 || titles.Any(t => t is not null))
        {
            sources = [];
            for (var i = 0; i < Math.Max(urls.Count, 1); i++)
            {
                DateOnly? day = null;
                if (published[i] is { } text)
                {
                    if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    {
                        day = parsed;
                    }
                    else
                    {
                        errors[$"sources[{i}].published"] = [$"'{EchoedValue.Cut(text)}' is not a date (YYYY-MM-DD)"];
                    }
                }

                sources.Add(new SourceFields { Url = urls.ElementAtOrDefault(i), Title = titles[i], Publisher = publishers[i], Published = day });
            }
        }

        if (errors.Count > 0)
        {
            return new ParsedLine(line, null, errors);
        }

        return new ParsedLine(line, new ImportLine
        {
            Title = cells.GetValueOrDefault("title"),
            Summary = cells.GetValueOrDefault("summary"),
            Occurred = cells.GetValueOrDefault("occurred")?.Trim(),
            Type = cells.GetValueOrDefault("type")?.Trim(),
            Status = cells.GetValueOrDefault("status")?.Trim(),
            Actors = cells.GetValueOrDefault("actors") is null ? null : Split(cells["actors"]),
            Tags = cells.GetValueOrDefault("tags") is null ? null : Split(cells["tags"]),
            Sources = sources,
            ExternalId = cells.GetValueOrDefault("externalId")?.Trim(),
        }, null);
    }
}

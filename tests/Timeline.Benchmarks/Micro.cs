using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Timeline.Api.Features.Events.Import;

namespace Timeline.Benchmarks;

/// <summary>BenchmarkDotNet where it fits, without a database: the import's per-line CPU cost, and a timeline page's command.</summary>
public static class Micro
{
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromTypes([typeof(ImportLineBenchmarks), typeof(TimelineCommandBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}

[MemoryDiagnoser]
public class ImportLineBenchmarks
{
    private const int Lines = 1_000;
    private byte[] ndjson = [];
    private List<ImportLine> parsed = [];
    private ImportLineRules rules = null!;
    private JsonSerializerOptions json = null!;

    [GlobalSetup]
    public void Setup()
    {
        ndjson = new DataSet().Ndjson(0, Lines);
        json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        parsed = ParseAll().GetAwaiter().GetResult();
        // The rules' database look-ups are not run by the importer per line, so no database is needed.
        rules = new ImportLineRules();
    }

    private async Task<List<ImportLine>> ParseAll()
    {
        var lines = new List<ImportLine>(Lines);
        await foreach (var line in new NdjsonImportReader(json).ReadAsync(new MemoryStream(ndjson), CancellationToken.None))
        {
            lines.Add(line.Event!);
        }

        return lines;
    }

    [Benchmark(Description = "parse 1,000 NDJSON lines")]
    public Task<List<ImportLine>> Parse() => ParseAll();

    [Benchmark(Description = "validate 1,000 lines (rules of recording, no database)")]
    public int Validate() => parsed.Sum(l => rules.ValidateWithoutDatabase(l).Errors.Count);

    [Benchmark(Description = "apply 1,000 lines to events (EDTF bounds, normalisation)")]
    public int Apply()
    {
        var n = 0;
        foreach (var line in parsed)
        {
            var e = new Timeline.Core.Events.Event();
            line.ApplyTo(e);
            n += e.Actors.Length;
        }

        return n;
    }
}

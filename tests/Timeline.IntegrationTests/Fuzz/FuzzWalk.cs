using System.Diagnostics;
using System.Text;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// Sends requests and keeps what they found: a tally of statuses for the log, and every answer that broke a rule,
/// with the request that drew it, for the failure message.
/// </summary>
public sealed class FuzzWalk(FuzzFixture fuzz, FuzzSettings settings)
{
    private readonly AnswerChecks checks = new(new SchemaChecker(fuzz.Document));
    private readonly List<string> findings = [];
    private readonly SortedDictionary<int, int> statuses = [];
    private readonly Dictionary<ApiOperation, SortedDictionary<int, int>> byOperation = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private readonly RequestFactory requests = new(fuzz.Document);

    /// <summary>The document's operations, removals last, so that what they remove is fuzzed first.</summary>
    public IReadOnlyList<ApiOperation> Operations { get; } = [.. fuzz.Document.Operations.OrderBy(o => o.Method == "DELETE")];

    public int Sent { get; private set; }

    /// <summary>A schema-valid request for the operation, on targets of its own when it uses them up.</summary>
    public async Task<FuzzRequest> Valid(ApiOperation operation, string role, Random random) =>
        requests.Valid(operation, role, random, await fuzz.TargetsFor(operation));

    /// <summary>Operations that answered 2xx at least once.</summary>
    public HashSet<ApiOperation> Succeeded { get; } = [];

    public async Task<FuzzAnswer> Send(FuzzRequest request)
    {
        var answer = await FuzzAnswer.Send(fuzz.Client, request, fuzz.Keys[request.Role]);
        Sent++;
        statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
        var tally = byOperation.TryGetValue(request.Operation, out var seen) ? seen : byOperation[request.Operation] = [];
        tally[answer.Status] = tally.GetValueOrDefault(answer.Status) + 1;
        if (answer.Status is >= 200 and < 300)
        {
            Succeeded.Add(request.Operation);
        }

        foreach (var problem in checks.Check(request, answer))
        {
            findings.Add($"{problem}\n  request: {request.Describe().TrimEnd()}\n  answer:  {answer.Describe()}");
        }

        return answer;
    }

    public string Summary =>
        $"seed {settings.Seed}, {settings.Iterations} iterations: {Sent} requests in {clock.Elapsed.TotalSeconds:F1} s; statuses " +
        string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")) + $"; {Succeeded.Count} of {Operations.Count} operations answered 2xx";

    /// <summary>Each operation's statuses, one line each, for the test log.</summary>
    public IEnumerable<string> Tally => Operations.Select(o =>
        $"{o}: {string.Join(", ", byOperation.GetValueOrDefault(o, []).Select(s => $"{s.Key}×{s.Value}"))}");

    /// <summary>Fails with the seed and the first findings in full, so that they can be sent again.</summary>
    public void AssertNothingFound()
    {
        if (findings.Count == 0)
        {
            return;
        }

        var message = new StringBuilder()
            .AppendLine($"{findings.Count} answers broke the rules (TIMELINE_FUZZ_SEED={settings.Seed} TIMELINE_FUZZ_ITERATIONS={settings.Iterations} sends them again).")
            .AppendLine(Summary);
        foreach (var finding in findings.Distinct().Take(25))
        {
            message.AppendLine().AppendLine(finding);
        }

        Assert.Fail(message.ToString());
    }
}

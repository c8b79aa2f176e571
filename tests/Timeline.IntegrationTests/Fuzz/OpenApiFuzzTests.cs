using Xunit.Abstractions;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// Walks every operation of <c>/openapi/v1.json</c> with requests built from its schemas, as every role, then with
/// those requests spoilt one part at a time. Seeded and bounded (see <see cref="FuzzSettings"/>).
/// </summary>
public sealed class OpenApiFuzzTests(FuzzFixture fuzz, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    private readonly FuzzSettings settings = FuzzSettings.FromEnvironment();

    [Fact]
    public void The_document_describes_the_api_the_walk_covers()
    {
        var operations = fuzz.Document.Operations.Select(o => o.ToString()).ToList();

        Assert.True(operations.Count >= 30, $"only {operations.Count} operations: {string.Join(", ", operations)}");
        Assert.Contains("POST /api/events", operations);
        Assert.Contains("GET /api/alerts/stream", operations);
    }

    [Fact]
    public async Task Schema_valid_requests_from_every_role_get_documented_answers_or_problem_details()
    {
        var walk = new FuzzWalk(fuzz, settings);
        for (var round = 0; round < Math.Max(1, settings.Iterations / 8); round++)
        {
            for (var i = 0; i < walk.Operations.Count; i++)
            {
                for (var r = 0; r < FuzzFixture.Roles.Length; r++)
                {
                    var random = settings.RandomFor(-1 - round, (i * FuzzFixture.Roles.Length) + r);
                    await walk.Send(await walk.Valid(walk.Operations[i], FuzzFixture.Roles[r], random));
                }
            }
        }

        output.WriteLine(walk.Summary);
        output.WriteLine(string.Join('\n', walk.Tally));
        walk.AssertNothingFound();
        // Requests that only ever bounce off validation would prove nothing about the handlers behind it.
        Assert.True(walk.Succeeded.Count * 4 >= walk.Operations.Count * 3,
            $"only {walk.Succeeded.Count} of {walk.Operations.Count} operations ever answered 2xx; not: " +
            string.Join(", ", walk.Operations.Except(walk.Succeeded)));
    }

    [Fact]
    public async Task Spoilt_requests_get_problem_details_never_a_server_error()
    {
        var walk = new FuzzWalk(fuzz, settings);
        for (var round = 1; round <= settings.Iterations; round++)
        {
            for (var i = 0; i < walk.Operations.Count; i++)
            {
                var random = settings.RandomFor(round, i);
                // Mostly roles that pass authorization, so that the spoilt part reaches the code that reads it.
                var role = FuzzFixture.Roles[random.Next(10) switch { < 4 => 0, < 7 => 1, < 9 => 2, _ => 3 }];
                var request = await walk.Valid(walk.Operations[i], role, random);
                if (Spoil(request, walk.Operations, random) == Twice)
                {
                    await walk.Send(request);
                }

                await walk.Send(request);
            }
        }

        output.WriteLine(walk.Summary);
        output.WriteLine(string.Join('\n', walk.Tally));
        walk.AssertNothingFound();
    }

    private const string Twice = "sent twice with one Idempotency-Key";

    /// <summary>Spoils one part of the request, now and then two or three.</summary>
    private static string Spoil(FuzzRequest request, IReadOnlyList<ApiOperation> operations, Random random)
    {
        var spoilt = Enumerable.Range(0, random.Next(5) == 0 ? random.Next(2, 4) : 1).Select(_ => SpoilOne(request, operations, random)).ToList();
        request.Mutation = string.Join("; ", spoilt);
        return spoilt.Contains(Twice) ? Twice : request.Mutation;
    }

    private static string SpoilOne(FuzzRequest request, IReadOnlyList<ApiOperation> operations, Random random)
    {
        var hasBody = request.Body is not null;
        var hasPathParameter = request.Operation.Path.Contains('{');
        return random.Next(10) switch
        {
            < 4 when hasBody => Body(request, random),
            < 6 when hasPathParameter => RequestMutations.Path(request, random),
            < 8 => RequestMutations.Query(request, random),
            8 when hasBody => Replayed(request, random),
            8 => RequestMutations.Method(request, operations, random),
            _ => RequestMutations.Header(request, random),
        };
    }

    private static string Body(FuzzRequest request, Random random)
    {
        BodyMutations.Apply(request, random);
        return request.Mutation;
    }

    private static string Replayed(FuzzRequest request, Random random)
    {
        request.SetHeader("Idempotency-Key", $"fuzz-{random.Next():x}");
        return Twice;
    }
}

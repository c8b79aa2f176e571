namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// How much the fuzz suite sends, and from which seed. Both come from the environment so that CI runs a short, fixed
/// walk and a longer one is a variable away: <c>TIMELINE_FUZZ_ITERATIONS=500 script/test --filter FullyQualifiedName~Fuzz</c>.
/// A failure prints the seed; <c>TIMELINE_FUZZ_SEED</c> sends the same requests again.
/// </summary>
public sealed record FuzzSettings(int Seed, int Iterations)
{
    /// <summary>Mutated requests per operation: enough for every kind of mutation to reach every operation in about a minute.</summary>
    public const int DefaultIterations = 24;

    public const int DefaultSeed = 20241023;

    public static FuzzSettings FromEnvironment() =>
        new(Read("TIMELINE_FUZZ_SEED", DefaultSeed), Math.Max(1, Read("TIMELINE_FUZZ_ITERATIONS", DefaultIterations)));

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    /// <summary>One request's own seed, so that each is the same whatever ran before it.</summary>
    // Not HashCode.Combine: it is salted per process, and a seed must mean the same in every run.
    public Random RandomFor(int round, int operation) => new(unchecked((Seed * 1_000_003) + (round * 7_919) + operation));
}

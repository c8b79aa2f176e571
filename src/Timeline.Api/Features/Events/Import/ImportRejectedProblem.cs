namespace Timeline.Api.Features.Events.Import;

/// <summary>
/// An all-or-nothing import's 422: problem details that carry the import's answer too (nothing imported). The record
/// is the OpenAPI document's schema of that body; <see cref="Answer"/> writes it, through the problem-details writer.
/// </summary>
public sealed record ImportRejectedProblem(string Type, string Title, int Status, string Detail, string TraceId,
    int Imported, int Skipped, int RejectedCount, IReadOnlyList<ImportRejection> Rejected, ImportedEntities? Entities)
{
    public static IResult Answer(ImportResult r) => Results.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Import rejected",
        detail: $"{r.RejectedCount} {(r.RejectedCount == 1 ? "line was" : "lines were")} rejected, so nothing was imported; " +
                "fix them, or send ?mode=partial to keep the good lines",
        extensions: Members(r));

    /// <summary>The members of the import's answer; <c>entities</c> is null but for FtM.</summary>
    private static Dictionary<string, object?> Members(ImportResult r) => new()
    {
        ["imported"] = 0,
        ["skipped"] = r.Skipped,
        ["rejectedCount"] = r.RejectedCount,
        ["rejected"] = r.Rejected,
        ["entities"] = r.Entities,
    };
}

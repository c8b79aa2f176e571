using System.Reflection;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// A query parameter the endpoint does not take is a 400 naming it: a typo (<c>as_of</c> for <c>asOf</c>) would
/// otherwise be ignored and answer the unfiltered timeline as if it were the one asked for.
/// </summary>
public static class KnownQueryParameters
{
    /// <summary>Only the public properties of <typeparamref name="TParameters"/> (bound with [AsParameters]), in any letter case, as binding reads them.</summary>
    public static RouteHandlerBuilder TakesOnlyQueryOf<TParameters>(this RouteHandlerBuilder endpoint)
    {
        var known = typeof(TParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..])
            .ToArray();
        return endpoint.AddEndpointFilter((context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys
                .Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase))
                .Select(EchoedValue.Cut)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (unknown.Count == 0)
            {
                return next(context);
            }

            var reason = $"is not a parameter here; the parameters are {string.Join(", ", known)}";
            throw new ProblemException(StatusCodes.Status400BadRequest, "Invalid request",
                $"unknown query parameter{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown)}",
                unknown.ToDictionary(k => k, _ => new[] { reason }));
        });
    }
}

using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Timeline.Api.Platform.Http;

/// <summary>The one place exceptions become RFC 9457 problem details.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger,
    Microsoft.Extensions.Options.IOptions<Hosting.DatabaseOptions> database)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException p => WithLimit(Problem(p.Status, p.Title, p.Message, p.Errors), p.Limit),
            ValidationException v => Validation(v),
            BadHttpRequestException b => BadRequest(b),
            _ => null,
        };
        if (problem is null && DatabaseAway.Reason(exception) is { } away)
        {
            // Expected while PostgreSQL restarts: one line, no stack trace; the client is told when to try again.
            logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, away);
            httpContext.Response.Headers.RetryAfter = database.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem = Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                $"{away}; try again in {database.Value.RetryAfterSeconds} s", null);
        }

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Server error", "the server failed to handle the request", null);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail, IDictionary<string, string[]>? errors)
    {
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        return problem;
    }

    private static ProblemDetails WithLimit(ProblemDetails problem, string? limit)
    {
        if (limit is not null)
        {
            problem.Extensions["limit"] = limit;
        }

        return problem;
    }

    private static ProblemDetails Validation(ValidationException v)
    {
        var errors = v.Errors
            .GroupBy(e => JsonProblems.JsonField(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
        return Problem(StatusCodes.Status400BadRequest, "Invalid request", detail, errors);
    }

    private static ProblemDetails BadRequest(BadHttpRequestException b)
    {
        if (b.InnerException is JsonException json)
        {
            var p = JsonProblems.From(json);
            return Problem(p.Status, p.Title, p.Message, p.Errors);
        }

        if (BindingProblems.From(b.Message) is { } binding)
        {
            return Problem(binding.Status, binding.Title, binding.Message, binding.Errors);
        }

        return b.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problem(413, "Request too large",
                $"the body is larger than the {RequestLimits.MaxBodyBytes / 1024 / 1024} MiB allowed", null),
            StatusCodes.Status415UnsupportedMediaType => Problem(415, "Unsupported media type",
                "send the body as application/json", null),
            _ when b.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase) => Problem(b.StatusCode,
                "Invalid request", "body: a JSON body is required", new Dictionary<string, string[]> { ["body"] = ["a JSON body is required"] }),
            _ => Problem(b.StatusCode, "Invalid request", BindingReason(b.Message), null),
        };
    }

    private static string BindingReason(string message) =>
        message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase)
            ? "a JSON body is required"
            : message;
}

/// <summary>Turns System.Text.Json's failures into a field name and a reason a client can act on.</summary>
public static partial class JsonProblems
{
    public const string LoneSurrogate = "is not valid text: it holds a lone UTF-16 surrogate (an escaped \\uD800–\\uDFFF without its pair)";

    [System.Text.RegularExpressions.GeneratedRegex("^Duplicate property '(.*)' encountered")]
    private static partial System.Text.RegularExpressions.Regex DuplicateMember();

    public static ProblemException From(JsonException json)
    {
        var field = json.Path is null or "$" ? "body" : JsonField(json.Path.TrimStart('$').TrimStart('.'));
        return ProblemException.BadRequest(field, Reason(json));
    }

    private static string Reason(JsonException json)
    {
        var message = json.Message;
        if (json is StoredTextException)
        {
            return message;
        }

        if (json.InnerException is InvalidOperationException { Message: var inner } && inner.Contains("UTF-16", StringComparison.Ordinal))
        {
            return LoneSurrogate;
        }

        if (DuplicateMember().Match(message) is { Success: true } duplicate)
        {
            return json.Path is null or "$"
                ? $"the member '{EchoedValue.Cut(duplicate.Groups[1].Value)}' is given twice"
                : "is given twice";
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "is not a known member";
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return $"has the wrong type; expected {Expected(message)}";
        }

        return json.LineNumber is { } line
            ? $"malformed JSON at line {line + 1}, position {json.BytePositionInLine + 1}"
            : "malformed JSON";
    }

    private static string Expected(string message) => message switch
    {
        _ when message.Contains("System.Guid", StringComparison.Ordinal) => "a UUID",
        _ when message.Contains("System.DateOnly", StringComparison.Ordinal) => "a date (YYYY-MM-DD)",
        _ when message.Contains("System.Collections", StringComparison.Ordinal)
            || message.Contains("[]", StringComparison.Ordinal) => "an array",
        _ when message.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ when message.Contains("System.Int", StringComparison.Ordinal) => "a number",
        _ when message.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ => "an object",
    };

    /// <summary>"Sources[0].Url" → "sources[0].url": field names as the client wrote them.</summary>
    public static string JsonField(string path) =>
        string.Join('.', path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p =>
            p.Length == 0 || char.IsLower(p[0]) ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;
}

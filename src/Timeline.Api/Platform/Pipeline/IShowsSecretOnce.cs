namespace Timeline.Api.Platform.Pipeline;

/// <summary>
/// An answer that shows a secret once (a new API key). Its idempotency record keeps it without the secret, so no table
/// holds the secret in clear, and a repeat of the request is a 409 that names what the first one created rather than a
/// replay: the secret cannot be shown again, and making a second one behind the client's back would be worse.
/// Refusing Idempotency-Key on such writes instead would fail clients that send it on every write, as they should,
/// and would tell a client that lost the answer nothing about whether the first attempt succeeded.
/// </summary>
public interface IShowsSecretOnce
{
    /// <summary>Whether this answer holds a secret (a subscription without a webhook has none, and replays as usual).</summary>
    bool HasSecret => true;

    /// <summary>The answer as it may be stored: every member but the secret, and <c>secretWithheld: true</c>.</summary>
    object WithoutSecret();
}

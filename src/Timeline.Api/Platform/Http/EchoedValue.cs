using FluentValidation.Internal;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// A value a client sent, as an error message repeats it: at most <see cref="MaxLength"/> characters, so a rejected
/// megabyte is not sent back (once per line of an import) and a message stays readable.
/// </summary>
public static class EchoedValue
{
    public const int MaxLength = 100;

    public static string Cut(string value) => value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength), "…");

    /// <summary>Every FluentValidation message that names a value (<c>{PropertyValue}</c>) names it cut.</summary>
    public sealed class Formatter : MessageFormatter
    {
        public override string BuildMessage(string messageTemplate)
        {
            foreach (var (name, value) in PlaceholderValues.ToList())
            {
                if (value is string text && name != PropertyName)
                {
                    PlaceholderValues[name] = Cut(text);
                }
            }

            return base.BuildMessage(messageTemplate);
        }
    }
}

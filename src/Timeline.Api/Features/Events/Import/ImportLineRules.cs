using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Events.Import;

/// <summary>
/// The rules of recording, run on each line without their two database look-ups (which actors exist, which related
/// events exist): the importer answers those once per import and once per batch instead of once per line.
/// </summary>
public sealed class ImportLineRules : EventRules<ImportLine>
{
    /// <summary>The properties whose database rules the importer checks in batches (places against those it loads once).</summary>
    internal static readonly string[] BatchedProperties = [nameof(EventFields.Actors), nameof(EventFields.Related), nameof(EventFields.Places)];

    private readonly SkipRules skipDatabaseRules;

    public ImportLineRules()
    {
        RuleFor(x => x.ExternalId).Must(id => !string.IsNullOrWhiteSpace(id)).When(x => x.ExternalId is not null)
            .WithMessage("an externalId, when given, is not blank").MaximumLength(200);
        RuleFor(x => x.RetractionReason).MaximumLength(2_000);

        // Found once, by what they are: the rules that can only run asynchronously (they query the database).
        var databaseRules = this.Where(IsDatabaseRule).ToList();

        // A database rule added to EventRules later must be batched here too, or it would be skipped silently.
        var unbatched = databaseRules.Select(r => r.PropertyName).Except(BatchedProperties).ToList();
        if (unbatched.Count > 0)
        {
            throw new InvalidOperationException($"EventRules has database rules the importer does not batch: {string.Join(", ", unbatched)}");
        }

        skipDatabaseRules = new SkipRules(databaseRules.ToHashSet(ReferenceEqualityComparer.Instance));
    }

    /// <summary>Validates one line with every rule that needs no database.</summary>
    public FluentValidation.Results.ValidationResult ValidateWithoutDatabase(ImportLine line) =>
        Validate(new ValidationContext<ImportLine>(line, new PropertyChain(), skipDatabaseRules));

    /// <summary>
    /// Every rule but the related events' look-up, the actors checked against those loaded once for the whole import;
    /// the reasons per field (as the API names them), or null when the line passes.
    /// </summary>
    public Dictionary<string, List<string>>? Check(ImportLine line, IReadOnlySet<string> knownActors)
    {
        Dictionary<string, List<string>>? errors = null;
        void Add(string field, string reason) => ((errors ??= [])
            .TryGetValue(field, out var reasons) ? reasons : errors[field] = []).Add(reason);

        foreach (var failure in ValidateWithoutDatabase(line.AsRecorded()).Errors)
        {
            Add(JsonProblems.JsonField(failure.PropertyName), failure.ErrorMessage);
        }

        if (line.IsRetracted() && string.IsNullOrWhiteSpace(line.RetractionReason))
        {
            Add("retractionReason", "a retracted event's line gives the reason it was retracted");
        }
        else if (!line.IsRetracted() && line.RetractionReason is not null)
        {
            Add("retractionReason", "only a retracted event (\"status\": \"retracted\") has a retraction reason");
        }

        var unknown = (line.Actors ?? [])
            .Where(c => c is not null && Regex.IsMatch(c, ActorPattern) && !knownActors.Contains(c))
            .Distinct().ToList();
        if (unknown.Count > 0)
        {
            Add("actors", $"unknown actor {(unknown.Count == 1 ? "code" : "codes")}: {string.Join(", ", unknown)} (record {(unknown.Count == 1 ? "it" : "them")} at POST /api/actors first)");
        }

        return errors;
    }

    private static bool IsDatabaseRule(IValidationRule rule) =>
        rule.Components.Any(c => Implements(c.Validator, typeof(IAsyncPropertyValidator<,>)) && !Implements(c.Validator, typeof(IPropertyValidator<,>)));

    private static bool Implements(IPropertyValidator validator, Type generic) =>
        validator.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    private sealed class SkipRules(HashSet<object?> skipped) : IValidatorSelector
    {
        public bool CanExecute(IValidationRule rule, string propertyPath, IValidationContext context) => !skipped.Contains(rule);
    }
}

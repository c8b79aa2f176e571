using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

/// <summary>Amend a watch with a JSON merge patch of its writable members; a shorter <c>every</c> brings the next check forward.</summary>
public sealed record AmendWatch(Guid Id, JsonObject Patch) : ICommand<WatchView>;

public sealed class AmendedWatchValidator : WatchRules<WatchFields>;

public sealed class AmendWatchHandler(TimelineDbContext db, AmendedWatchValidator validator, WatchAddress address,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ICommandHandler<AmendWatch, WatchView>
{
    public async ValueTask<WatchView> Handle(AmendWatch command, CancellationToken cancellationToken)
    {
        var watch = await db.Watches.SingleOrDefaultAsync(w => w.Id == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"watch {command.Id}");
        var amended = MergePatch.Amend(WatchFieldsApplied.FieldsOf(watch), command.Patch, json.Value.SerializerOptions);
        await validator.ValidateAndThrowAsync(amended, cancellationToken);
        if (amended.Url!.Trim() != watch.Url)
        {
            await address.CheckAsync(amended.Url, cancellationToken);
        }

        amended.ApplyTo(watch);
        var due = (watch.LastCheckedAt ?? watch.CreatedAt).AddSeconds(watch.EverySeconds);
        if (watch.Failures == 0 && due < watch.NextCheckAt)
        {
            watch.NextCheckAt = due;
        }

        await db.SaveChangesAsync(cancellationToken);
        return watch.ToView();
    }
}

using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

/// <summary>Follow-ups in history: versioned transitions in the change log; no revision rows.</summary>
public sealed class FollowUpHistory : HistoryOf<FollowUp, FollowUpView>
{
    public static readonly FollowUpHistory Kind = new();

    public override string Entity => ChangeEntities.FollowUp;
    public override string Noun => "follow-up";
    public override string IdOf(FollowUp record) => record.Id.ToString();
    public override FollowUpView ViewOf(FollowUp record) => record.ToView();
}

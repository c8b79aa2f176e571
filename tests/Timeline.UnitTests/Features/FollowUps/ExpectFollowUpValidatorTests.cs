using Timeline.Api.Features.FollowUps;

namespace Timeline.UnitTests.Features.FollowUps;

public sealed class ExpectFollowUpValidatorTests
{
    [Theory]
    [InlineData("2024-10-30~", true)]
    [InlineData("2024-10-23/2024-10-31", true)]
    [InlineData("2024-21", false)]
    [InlineData("", false)]
    public void Follow_ups_need_an_EDTF_due_date(string due, bool valid) =>
        Assert.Equal(valid, new ExpectFollowUpValidator().Validate(new ExpectFollowUp(Guid.NewGuid(), "imagery released", due, "a")).IsValid);
}

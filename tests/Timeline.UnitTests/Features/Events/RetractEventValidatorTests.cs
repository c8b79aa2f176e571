using Timeline.Api.Features.Events;

namespace Timeline.UnitTests.Features.Events;

public sealed class RetractEventValidatorTests
{
    [Fact]
    public void A_retraction_needs_a_reason() =>
        Assert.Contains(new RetractEventValidator().Validate(new RetractEvent(Guid.NewGuid(), " ", "a")).Errors, e => e.PropertyName == "Reason");
}

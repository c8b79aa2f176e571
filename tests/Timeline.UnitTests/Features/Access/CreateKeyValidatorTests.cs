using Timeline.Api.Features.Access;

namespace Timeline.UnitTests.Features.Access;

public sealed class CreateKeyValidatorTests
{
    [Theory]
    [InlineData("analyst", "reader", true)]
    [InlineData("ops.bot-2", "admin", true)]
    [InlineData("", "reader", false)]
    [InlineData("has space", "reader", false)]
    [InlineData("analyst", "owner", false)]
    [InlineData("analyst", null, false)]
    public void Keys_need_a_plain_name_and_a_known_role(string name, string? role, bool valid) =>
        Assert.Equal(valid, new CreateKeyValidator().Validate(new CreateKey(name, role)).IsValid);
}

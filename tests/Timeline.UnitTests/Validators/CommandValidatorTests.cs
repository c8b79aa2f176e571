using System.Text.Json.Nodes;
using Timeline.Api.Access;
using Timeline.Api.Actors;
using Timeline.Api.Events;
using Timeline.Api.FollowUps;

namespace Timeline.UnitTests.Validators;

public sealed class CommandValidatorTests
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

    [Theory]
    [InlineData("KP", "state", true)]
    [InlineData("MSMT", "organisation", true)]
    [InlineData("kp", "state", false)]
    [InlineData("K", "state", false)]
    [InlineData("KP", "country", false)]
    public void Actors_need_an_upper_case_code_and_a_known_kind(string code, string kind, bool valid) =>
        Assert.Equal(valid, new RecordActorValidator().Validate(new RecordActor(code, "Name", kind, null)).IsValid);

    [Theory]
    [InlineData("2024-10-30~", true)]
    [InlineData("2024-10-23/2024-10-31", true)]
    [InlineData("2024-21", false)]
    [InlineData("", false)]
    public void Follow_ups_need_an_EDTF_due_date(string due, bool valid) =>
        Assert.Equal(valid, new ExpectFollowUpValidator().Validate(new ExpectFollowUp(Guid.NewGuid(), "imagery released", due, "a")).IsValid);

    [Fact]
    public void A_retraction_needs_a_reason() =>
        Assert.Contains(new RetractEventValidator().Validate(new RetractEvent(Guid.NewGuid(), " ", "a")).Errors, e => e.PropertyName == "Reason");

    [Fact]
    public void A_merge_patch_removes_nulls_merges_objects_and_replaces_the_rest()
    {
        var target = JsonNode.Parse("""{"title":"a","summary":"s","tags":["x","y"],"nested":{"keep":1,"drop":2}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"title":"b","summary":null,"tags":["z"],"nested":{"drop":null,"add":3}}""")!.AsObject();

        MergePatch.Apply(target, patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"title":"b","tags":["z"],"nested":{"keep":1,"add":3}}"""), target));
    }
}

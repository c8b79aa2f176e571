using System.Text.RegularExpressions;
using Timeline.Api.Features.Actors;

namespace Timeline.UnitTests.Features.Actors;

public sealed class ActorSearchSqlTests
{
    [Fact]
    public void The_search_is_sent_with_positional_parameters_one_for_each_named_one_and_the_text_search_operator_kept()
    {
        var names = ActorSearch.Parameters("Son Hui Choe", null, 10, 11).Select(p => p.ParameterName).ToArray();
        var sql = ActorSearch.PositionalSql;

        Assert.DoesNotMatch(@"(?<![@\w])@[a-z]", sql);
        // Each parameter the statement names is there by its place in the list, and no other.
        var named = Regex.Matches(ActorSearch.Sql, @"(?<![@\w])@([a-z]+)\b").Select(m => m.Groups[1].Value).Distinct().ToArray();
        var positions = Regex.Matches(sql, @"\$(\d+)\b").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
        Assert.Equal(named.Select(n => Array.IndexOf(names, n) + 1).Order().ToArray(), positions);
        Assert.All(positions, p => Assert.InRange(p, 1, names.Length));
        Assert.Equal(Regex.Count(ActorSearch.Sql, "@@"), Regex.Count(sql, "@@"));
    }

    [Fact]
    public void A_parameter_the_list_does_not_give_is_refused_when_the_statement_is_written()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ActorSearch.Positional("SELECT @nothing, @key", ["key"]));
        Assert.Contains("@nothing", refused.Message);
        Assert.Equal("SELECT $1 @@ x", ActorSearch.Positional("SELECT @key @@ x", ["key"]));
    }
}

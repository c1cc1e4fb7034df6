using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Core.Tests;

public sealed class StatusListTests
{
    [Fact]
    public void The_index_mapping_is_a_bijection_over_the_whole_list()
    {
        HashSet<long> seen = [.. Enumerable.Range(0, StatusList.Entries).Select(i => StatusList.IndexFor(i))];

        Assert.Equal(StatusList.Entries, seen.Count);
        Assert.All(seen, i => Assert.InRange(i, 0, StatusList.Entries - 1));
    }
}

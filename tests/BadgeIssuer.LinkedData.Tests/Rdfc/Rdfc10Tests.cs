using System.Diagnostics;
using System.Text;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.LinkedData.Tests.Rdfc;

public sealed class Rdfc10Tests
{
    private static RdfDataset Clique(int size)
    {
        StringBuilder text = new();
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
                if (i != j) text.Append($"_:n{i} <http://ex/p> _:n{j} .\n");
        return NQuadsReader.Parse(text.ToString());
    }

    [Fact]
    public void A_poison_graph_stops_with_the_limit_exception_in_bounded_time()
    {
        Stopwatch clock = Stopwatch.StartNew();
        Assert.Throws<CanonicalizationLimitExceededException>(() => Rdfc10.Canonicalize(Clique(10)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_total_work_cap_applies_whatever_the_work_factor()
    {
        Rdfc10Options generous = new() { WorkFactor = 10, MaxTotalWork = 10_000 };
        Assert.Throws<CanonicalizationLimitExceededException>(() => Rdfc10.Canonicalize(Clique(8), generous));
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Rdfc10.Canonicalize(Clique(4), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Canonical_labels_do_not_depend_on_input_labels()
    {
        string a = Rdfc10.Canonicalize(NQuadsReader.Parse("_:x <http://ex/p> _:y .\n_:y <http://ex/q> \"v\" .\n")).NQuads;
        string b = Rdfc10.Canonicalize(NQuadsReader.Parse("_:k9 <http://ex/q> \"v\" .\n_:zz <http://ex/p> _:k9 .\n")).NQuads;
        Assert.Equal(a, b);
        Assert.Contains("_:c14n", a, StringComparison.Ordinal);
    }
}

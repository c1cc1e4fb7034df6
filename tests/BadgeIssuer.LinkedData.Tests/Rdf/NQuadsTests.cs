using BadgeIssuer.LinkedData.Rdf;

namespace BadgeIssuer.LinkedData.Tests.Rdf;

public sealed class NQuadsTests
{
    [Fact]
    public void Canonical_escaping_follows_rdfc_10()
    {
        LiteralTerm literal = new("tab\there \"q\" back\\slash\nbell\u0007 vt\u000B del\u007F é \uFFFE", RdfVocabulary.XsdString);
        string line = NQuadsWriter.Serialize(new Quad(new BlankNodeTerm("b0"), new IriTerm("http://ex/p"), literal));
        Assert.Equal("_:b0 <http://ex/p> \"tab\\there \\\"q\\\" back\\\\slash\\nbell\\u0007 vt\\u000B del\\u007F é \\uFFFE\" .\n", line);
    }

    [Fact]
    public void Literals_keep_language_direction_and_datatype()
    {
        RdfDataset dataset = NQuadsReader.Parse("""
            <http://ex/s> <http://ex/p> "hello"@en-US .
            <http://ex/s> <http://ex/p> "مرحبا"@ar--rtl <http://ex/g> .
            <http://ex/s> <http://ex/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://ex/s> <http://ex/p> "plain"^^<http://www.w3.org/2001/XMLSchema#string> . # a comment
            """);
        Assert.Equal(4, dataset.Quads.Count);
        Assert.Equal(new LiteralTerm("hello", RdfVocabulary.RdfLangString, "en-US"), dataset.Quads[0].Object);
        Assert.Equal(new LiteralTerm("مرحبا", RdfVocabulary.RdfLangString, "ar", "rtl"), dataset.Quads[1].Object);
        Assert.Equal(new IriTerm("http://ex/g"), dataset.Quads[1].Graph);
        Assert.Equal("<http://ex/s> <http://ex/p> \"plain\" .\n", NQuadsWriter.Serialize(dataset.Quads[3]));
        Assert.Equal("<http://ex/s> <http://ex/p> \"مرحبا\"@ar--rtl <http://ex/g> .\n", NQuadsWriter.Serialize(dataset.Quads[1]));
    }

    [Fact]
    public void Unicode_escapes_are_decoded()
    {
        RdfDataset dataset = NQuadsReader.Parse("<http://ex/\\u00E9> <http://ex/p> \"\\U0001F600\\u00e9\" .");
        Assert.Equal(new IriTerm("http://ex/é"), dataset.Quads[0].Subject);
        Assert.Equal("😀é", ((LiteralTerm)dataset.Quads[0].Object).LexicalForm);
    }

    [Theory]
    [InlineData("<http://ex/s> <http://ex/p> \"unterminated .", 1)]
    [InlineData("<http://ex/s> _:p <http://ex/o> .", 1)]
    [InlineData("\n<http://ex/s> <http://ex/p> <http://ex/o>", 2)]
    [InlineData("<relative> <http://ex/p> <http://ex/o> .", 1)]
    [InlineData("<http://ex/s> <http://ex/p> \"x\"@ .", 1)]
    [InlineData("<http://ex/s> <http://ex/p> \"\\uD800\" .", 1)]
    [InlineData("\"literal\" <http://ex/p> <http://ex/o> .", 1)]
    public void Bad_input_is_reported_with_its_line(string text, int line)
    {
        NQuadsParseException error = Assert.Throws<NQuadsParseException>(() => NQuadsReader.Parse(text));
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Code_point_order_puts_supplementary_characters_after_the_bmp()
    {
        string[] values = ["\uFFFD", "\U0001F600", "a"];
        Array.Sort(values, CodePointComparer.Instance);
        Assert.Equal(["a", "\uFFFD", "\U0001F600"], values);
        Assert.True(string.CompareOrdinal("\U0001F600", "\uFFFD") < 0, "ordinal UTF-16 order differs, which is why the comparer exists");
    }
}

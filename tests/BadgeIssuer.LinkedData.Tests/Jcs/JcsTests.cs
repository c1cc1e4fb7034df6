using BadgeIssuer.LinkedData.Jcs;

namespace BadgeIssuer.LinkedData.Tests.Jcs;

public sealed class JcsTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123.456, "123.456")]
    [InlineData(-1.5e300, "-1.5e+300")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    public void Numbers_use_the_ecmascript_form(double value, string expected)
    {
        Assert.Equal(expected, EcmaScriptNumber.ToString(value));
    }

    [Fact]
    public void Negative_zero_is_zero()
    {
        Assert.Equal("0", EcmaScriptNumber.ToString(-0.0));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_numbers_have_no_canonical_form(double value)
    {
        Assert.Throws<JcsException>(() => EcmaScriptNumber.ToString(value));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("[1e400]")]
    [InlineData("{\"a\":1,}")]
    public void Input_that_is_not_i_json_is_refused(string json)
    {
        Assert.Throws<JcsException>(() => BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize(json));
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused_not_a_stack_overflow()
    {
        string deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.Throws<JcsException>(() => BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize(deep));
    }

    [Fact]
    public void Members_sort_by_utf16_code_units_and_strings_escape_only_what_rfc_8785_says()
    {
        Assert.Equal("{\"\\u001f\":\"</script>\",\"a\":\"é\",\"\U0001F600\":1,\"\uFB33\":2}",
            BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize("{\"\uFB33\":2,\"\U0001F600\":1,\"a\":\"\\u00e9\",\"\\u001F\":\"<\\/script>\"}"));
    }
}

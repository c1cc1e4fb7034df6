using System.Xml;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Credentials.Tests.Baking;

/// <summary>OB 3.0 §5.3.2 SVG baking, and SVGs built to hurt an XML reader.</summary>
public sealed class SvgBakingTests
{
    private const string Picture = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>""";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJ2YyI6e319.c2lnbmF0dXJl";
    private const string Json = """{"@context":["https://www.w3.org/ns/credentials/v2"],"narrative":"a ]]> b & <c>"}""";

    [Fact]
    public void A_jwt_goes_in_the_verify_attribute_of_the_first_child()
    {
        string baked = SvgBaking.Bake(Picture, Jwt);

        XmlDocument document = new() { XmlResolver = null };
        document.LoadXml(baked);
        XmlElement first = (XmlElement)document.DocumentElement!.FirstChild!;
        Assert.Equal(("credential", SvgBaking.Namespace), (first.LocalName, first.NamespaceURI));
        Assert.Equal("openbadges", first.Prefix);
        Assert.Equal(Jwt, first.GetAttribute("verify"));
        Assert.Equal(Jwt, SvgBaking.Unbake(baked));
    }

    [Fact]
    public void An_ob2_assertion_element_follows_the_credential_in_the_ob2_namespace_with_its_own_prefix()
    {
        const string Url = "https://badges.example.edu/ob2/assertions/abc";
        string baked = SvgBaking.Bake(SvgBaking.Bake(Picture, Json, "https://old.example/x"), Jwt, Url);

        XmlDocument document = new() { XmlResolver = null };
        document.LoadXml(baked);
        XmlElement second = (XmlElement)document.DocumentElement!.ChildNodes[1]!;
        Assert.Equal(("assertion", SvgBaking.Ob2Namespace, "openbadges"), (second.LocalName, second.NamespaceURI, second.Prefix));
        Assert.Equal(Url, second.GetAttribute("verify"));
        Assert.Single(document.GetElementsByTagName("openbadges:assertion").Cast<XmlElement>());
        Assert.Equal(Url, SvgBaking.UnbakeOb2(baked));
        Assert.Equal(Jwt, SvgBaking.Unbake(baked));
    }

    [Fact]
    public void Json_goes_in_cdata_and_survives_a_cdata_terminator_inside_it()
    {
        string baked = SvgBaking.Bake(Picture, Json);

        Assert.Contains("<![CDATA[", baked, StringComparison.Ordinal);
        Assert.Equal(Json, SvgBaking.Unbake(baked));
    }

    [Fact]
    public void Baking_again_replaces_the_credential_and_keeps_the_picture()
    {
        string twice = SvgBaking.Bake(SvgBaking.Bake(Picture, Json), Jwt);

        Assert.Equal(Jwt, SvgBaking.Unbake(twice));
        Assert.Equal(1, twice.Split("openbadges:credential").Length - 1);
        Assert.Contains("<circle cx=\"5\" cy=\"5\" r=\"4\"", twice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_doctype_without_entities_is_accepted_as_1EdTech_fixtures_carry_one()
    {
        string svg = """<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">""" + Picture;

        Assert.Equal(Jwt, SvgBaking.Unbake(SvgBaking.Bake(svg, Jwt)));
    }

    [Fact]
    public void An_svg_without_a_credential_reads_as_none()
    {
        Assert.Null(SvgBaking.Unbake(Picture));
    }

    public static TheoryData<string, string, string> Hostile() => new()
    {
        {
            "billion laughs",
            """<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg">&c;</svg>""",
            BakingCodes.SvgDtdProhibited
        },
        {
            "external entity",
            """<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>""",
            BakingCodes.SvgDtdProhibited
        },
        {
            "undeclared entity",
            """<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>""",
            BakingCodes.SvgMalformed
        },
        { "not well-formed", """<svg xmlns="http://www.w3.org/2000/svg"><g></svg>""", BakingCodes.SvgMalformed },
        { "not an svg", """<html xmlns="http://www.w3.org/1999/xhtml"/>""", BakingCodes.SvgMalformed },
        { "svg without its namespace", """<svg><circle/></svg>""", BakingCodes.SvgMalformed },
        { "too large", "<svg xmlns=\"http://www.w3.org/2000/svg\">" + new string(' ', SvgBaking.MaxCharacters) + "</svg>", BakingCodes.TooLarge },
    };

    [Theory, MemberData(nameof(Hostile))]
    public void A_hostile_or_broken_svg_is_refused_without_expanding_anything(string why, string svg, string code)
    {
        BakingException ex = Assert.Throws<BakingException>(() => SvgBaking.Unbake(svg));

        Assert.True(code == ex.Code, $"{why}: {ex.Code} {ex.Message}");
    }
}

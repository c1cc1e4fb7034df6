using System.Globalization;
using BadgeIssuer.LinkedData.Jcs;

namespace BadgeIssuer.LinkedData.Conformance.Jcs;

/// <summary>The JCS (RFC 8785) reference test data: every input/output pair and the 100,000 ES6 numbers.</summary>
public sealed class JcsSuiteTests
{
    public static TheoryData<string> Cases()
    {
        TheoryData<string> data = [];
        foreach (string file in Directory.GetFiles(Path.Combine(Suites.Folder("jcs"), "input"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Fact]
    public void The_suite_has_its_six_cases()
    {
        Assert.Equal(6, Cases().Count);
    }

    [Theory, MemberData(nameof(Cases))]
    public void Canonical_output_matches_byte_for_byte(string name)
    {
        string folder = Suites.Folder("jcs");
        byte[] expected = File.ReadAllBytes(Path.Combine(folder, "output", name + ".json"));
        string input = File.ReadAllText(Path.Combine(folder, "input", name + ".json"));

        byte[] actual = System.Text.Encoding.UTF8.GetBytes(BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize(input));

        Assert.Equal(expected, actual);
        string hex = File.ReadAllText(Path.Combine(folder, "outhex", name + ".txt"));
        Assert.Equal(string.Concat(hex.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)), Convert.ToHexStringLower(actual));
    }

    [Fact]
    public void All_100000_es6_numbers_format_like_ecmascript()
    {
        int checkedCount = 0;
        List<string> mismatches = [];
        foreach (string line in File.ReadLines(Path.Combine(Suites.Folder("jcs"), "es6numbers", "es6testfile-first100000.txt")))
        {
            int comma = line.IndexOf(',', StringComparison.Ordinal);
            ulong bits = ulong.Parse(line.AsSpan(0, comma), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            string expected = line[(comma + 1)..];
            string actual = EcmaScriptNumber.ToString(BitConverter.UInt64BitsToDouble(bits));
            if (actual != expected && mismatches.Count < 10) mismatches.Add($"{line[..comma]}: expected {expected}, got {actual}");
            checkedCount++;
        }
        Assert.Equal(100_000, checkedCount);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}

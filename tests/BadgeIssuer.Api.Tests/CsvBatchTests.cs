using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Batches;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Validation;
using CsvHelper;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// <c>POST .../award-batches</c> with <c>text/csv</c>: rows in, awards out, the results back as CSV; a refused file
/// names the row (header = row 1) and the column of every problem.
/// </summary>
public sealed class CsvBatchTests : IClassFixture<ApiFactory>
{
    private const string Header = "email,name,achievementId,task-design,rubric-alignment,student-work-analysis,evidence,evidence2,evidence3,narrative,validUntil,notify";
    private readonly ApiFactory _api;

    public CsvBatchTests(ApiFactory api) => _api = api;

    private static string SampleCsv(string achievementId) => Journey.Sample("requests/award-batch.csv").Replace("REPLACE-WITH-ACHIEVEMENT-ID", achievementId, StringComparison.Ordinal);

    private static string Row(string achievementId, int n, string level = "proficient", string narrative = "") =>
        $"teacher{n}@district.example.org,Teacher {n},{achievementId},{level},proficient,proficient,https://portfolio.example.org/{n}/task,https://portfolio.example.org/{n}/rubric,https://portfolio.example.org/{n}/work,{narrative},,false";

    private static ByteArrayContent Csv(string text, bool bom = false)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        ByteArrayContent content = new(bom ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string issuerId, HttpContent content) =>
        client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", content);

    /// <summary>The results of the batch as CSV records (header first), read back with CsvHelper.</summary>
    private static async Task<(HttpResponseMessage Response, List<string[]> Records)> ResultsCsvAsync(HttpClient client, string location)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, location);
        request.Headers.Accept.ParseAdd("text/csv");
        HttpResponseMessage response = await client.SendAsync(request);
        using StringReader text = new(await response.Content.ReadAsStringAsync());
        using CsvParser parser = new(text, CultureInfo.InvariantCulture);
        List<string[]> records = [];
        while (await parser.ReadAsync()) records.Add(parser.Record!);
        return (response, records);
    }

    private static async Task<JsonArray> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await response.ReadObjectAsync())["errors"]!.AsArray();
    }

    private static string[] Pointers(JsonArray errors) => [.. errors.Select(e => e!["pointer"]!.GetValue<string>())];

    [Fact]
    public async Task The_sample_csv_issues_its_rows_and_its_results_come_back_as_csv()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);

        HttpResponseMessage accepted = await PostAsync(client, issuerId, Csv(SampleCsv(achievementId), bom: true));
        JsonObject batch = await AwardBatchTests.CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        (HttpResponseMessage response, List<string[]> records) = await ResultsCsvAsync(client, accepted.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal((3, 2, 1), (batch["total"]!.GetValue<int>(), batch["issued"]!.GetValue<int>(), batch["criteriaNotMet"]!.GetValue<int>()));
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["row", "entry", "outcome", "awardId", "claim", "problems"], records[0]);
        Assert.Equal(["2", "3", "4"], records.Skip(1).Select(r => r[0]));
        Assert.Equal(["issued", "issued", "criteria-not-met"], records.Skip(1).Select(r => r[2]));
        Assert.Equal(batch["results"]![0]!["awardId"]!.GetValue<string>(), records[1][3]);
        Assert.Contains("/claim/", records[1][4], StringComparison.Ordinal);
        Assert.Contains("/criteriaRules/requiredResults/1", records[3][5], StringComparison.Ordinal);
        JsonObject award = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{records[2][3]}")).ReadObjectAsync();
        JsonObject credential = award["credential"]!.AsObject();
        Assert.Equal(3, credential["evidence"]!.AsArray().Count);
        Assert.StartsWith("2029-06-30T00:00:00", credential["validUntil"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("valid", (await Journey.VerifyAsync(_api, award))["status"]!.GetValue<string>());
        JsonObject json = await (await client.GetAsync(accepted.Headers.Location)).ReadObjectAsync();
        Assert.Equal("completed", json["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Quoted_fields_keep_their_commas_quotes_and_line_breaks_and_rows_count_as_a_spreadsheet_shows_them()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string narrative = "\"Line one, with a comma;\r\nline two with \"\"quotes\"\".\"";
        string csv = string.Join("\r\n", Header, Row(achievementId, 1, narrative: narrative), Row(achievementId, 2).Replace("teacher2@", "teacher2 at ", StringComparison.Ordinal));

        JsonArray errors = await ErrorsAsync(await PostAsync(client, issuerId, Csv(csv)));
        HttpResponseMessage accepted = await PostAsync(client, issuerId, Csv(string.Join("\r\n", Header, Row(achievementId, 1, narrative: narrative))));
        JsonObject batch = await AwardBatchTests.CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        string awardId = batch["results"]![0]!["awardId"]!.GetValue<string>();
        JsonObject credential = (await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}")).ReadObjectAsync())["credential"]!.AsObject();

        Assert.Equal(["/rows/3/email"], Pointers(errors));
        Assert.Equal("Line one, with a comma;\r\nline two with \"quotes\".", credential["credentialSubject"]!["narrative"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_required_column_is_one_problem_naming_it()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string csv = $"name,achievementId\r\nJordan Lee,{achievementId}\r\n";

        JsonArray errors = await ErrorsAsync(await PostAsync(client, issuerId, Csv(csv)));

        JsonNode error = Assert.Single(errors)!;
        Assert.Equal("/rows/1/email", error["pointer"]!.GetValue<string>());
        Assert.Contains("required column", error["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("teacher1@district.example.org", "not-an-address", "/rows/2/email")]
    [InlineData(",,false", ",2027-13-45,false", "/rows/2/validUntil")]
    [InlineData(",,false", ",,maybe", "/rows/2/notify")]
    [InlineData("proficient,proficient,proficient", "superb,proficient,proficient", "/rows/2/task-design")]
    [InlineData("https://portfolio.example.org/1/rubric", "not a url", "/rows/2/evidence2")]
    [InlineData(",,false", ",", "/rows/2/notify")]
    [InlineData(",,false", ",,false,extra", "/rows/2")]
    public async Task A_bad_cell_or_a_row_of_the_wrong_width_is_named_by_row_and_column(string from, string to, string pointer)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string row = Row(achievementId, 1).Replace(from, to, StringComparison.Ordinal);
        string csv = string.Join("\r\n", Header, row, Row(achievementId, 2));

        JsonArray errors = await ErrorsAsync(await PostAsync(client, issuerId, Csv(csv)));

        Assert.Equal([pointer], Pointers(errors));
    }

    [Fact]
    public async Task An_unknown_criterion_column_or_achievement_is_named()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string csv = string.Join("\r\n", Header + ",creativity", Row(achievementId, 1) + ",high", Row("no-such-achievement", 2) + ",");

        JsonArray errors = await ErrorsAsync(await PostAsync(client, issuerId, Csv(csv)));

        Assert.Equal(["/rows/2/creativity", "/rows/3/achievementId", "/rows/1/creativity"], Pointers(errors));
    }

    [Theory]
    [InlineData("email,name,achievementId\r\n\"a@b.example,A,x\r\n", "row 2")]
    [InlineData("email,name,achievementId\r\na@b.example,A,x\r\nc@d.example,\"C\"D,x\r\n", "row 3")]
    public async Task A_csv_broken_at_the_syntax_level_is_a_400_naming_the_row(string csv, string row)
    {
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(_api);

        HttpResponseMessage response = await PostAsync(client, issuerId, Csv(csv));
        JsonObject problem = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith("/problems/malformed-csv", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(row, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_oversized_or_non_utf8_files_are_problems_not_jobs()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        ByteArrayContent latin1 = new([.. Encoding.UTF8.GetBytes(Header + "\r\n"), 0xE9, 0x0D, 0x0A]);
        latin1.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        string tooMany = string.Join("\r\n", [Header, .. Enumerable.Range(0, AwardBatch.MaxEntries + 1).Select(n => Row(achievementId, n))]);

        HttpResponseMessage empty = await PostAsync(client, issuerId, Csv(""));
        HttpResponseMessage headerOnly = await PostAsync(client, issuerId, Csv(Header + "\r\n"));
        HttpResponseMessage notUtf8 = await PostAsync(client, issuerId, latin1);
        HttpResponseMessage over = await PostAsync(client, issuerId, Csv(tooMany));
        HttpResponseMessage tooLarge = await PostAsync(client, issuerId, Csv(new string('a', BatchEndpoints.MaxBytes + 1)));

        Assert.Equal(["/rows/1"], Pointers(await ErrorsAsync(empty)));
        Assert.Equal(["/rows"], Pointers(await ErrorsAsync(headerOnly)));
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        Assert.Equal(["/rows"], Pointers(await ErrorsAsync(over)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task A_file_wrong_everywhere_lists_at_most_1000_problems()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string csv = string.Join("\r\n", [Header + ",creativity", .. Enumerable.Range(0, 1200).Select(n => Row(achievementId, n).Replace("@", " at ", StringComparison.Ordinal) + ",high")]);

        JsonArray errors = await ErrorsAsync(await PostAsync(client, issuerId, Csv(csv)));

        Assert.Equal(CsvBatchReader.MaxErrors, errors.Count);
        Assert.Equal(["/rows/2/email", "/rows/2/creativity", "/rows/3/email"], Pointers(errors).Take(3));
    }

    [Fact]
    public void Result_cells_a_spreadsheet_would_run_as_formulas_are_escaped()
    {
        BatchEntryResult result = new("b1", 0, BatchOutcomes.Invalid, "@SUM(A1)",
            [new FieldError("/entries/0", "=HYPERLINK(\"https://evil.example\")"), new FieldError("", "+1")]);
        using StringWriter text = new(CultureInfo.InvariantCulture);
        using (CsvWriter csv = CsvBatchResults.Writer(text)) CsvBatchResults.WriteRow(csv, result, "-2+3");

        using StringReader reader = new(text.ToString());
        using CsvParser parser = new(reader, CultureInfo.InvariantCulture);
        parser.Read();
        parser.Read();

        Assert.Equal(["2", "0", "invalid", "'@SUM(A1)", "'-2+3", "'=HYPERLINK(\"https://evil.example\"); +1"], parser.Record!);
    }

    [Fact]
    public async Task A_1000_row_csv_is_refused_at_its_bad_row_then_completes_with_row_precise_results()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        List<string> rows = [.. Enumerable.Range(0, 1000).Select(n => Row(achievementId, n, level: n % 10 == 7 ? "developing" : "proficient"))];
        List<string> broken = [.. rows];
        broken[515] = broken[515].Replace("teacher515@district.example.org", "teacher515.district.example.org", StringComparison.Ordinal);

        JsonArray errors = await ErrorsAsync(await PostAsync(client, issuerId, Csv(string.Join("\r\n", [Header, .. broken]))));
        HttpResponseMessage accepted = await PostAsync(client, issuerId, Csv(string.Join("\r\n", [Header, .. rows])));
        JsonObject batch = await AwardBatchTests.CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromMinutes(5));
        (_, List<string[]> records) = await ResultsCsvAsync(client, accepted.Headers.Location!.ToString());

        Assert.Equal(["/rows/517/email"], Pointers(errors));
        Assert.Equal((1000, 900, 100), (batch["total"]!.GetValue<int>(), batch["issued"]!.GetValue<int>(), batch["criteriaNotMet"]!.GetValue<int>()));
        Assert.Equal(1001, records.Count);
        Assert.Equal(Enumerable.Range(2, 1000).Select(n => n.ToString(CultureInfo.InvariantCulture)), records.Skip(1).Select(r => r[0]));
        Assert.All(records.Skip(1), r => Assert.Equal((int.Parse(r[1], CultureInfo.InvariantCulture) % 10 == 7) ? "criteria-not-met" : "issued", r[2]));
        Assert.Equal(900, records.Skip(1).Select(r => r[3]).Where(a => a.Length > 0).Distinct().Count());
    }
}

using BadgeIssuer.Api.Achievements;
using BadgeIssuer.Api.Audit;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Awards;
using BadgeIssuer.Api.Batches;
using BadgeIssuer.Api.Clients;
using BadgeIssuer.Api.Exchanges;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Api.Issuers;
using BadgeIssuer.Api.Keys;
using BadgeIssuer.Api.Oid4Vci;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicDocuments;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Api.Stacking;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Api.Webhooks;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.UseDefaultListenAddress();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ServiceRegistration.MaxRequestBodyBytes);
builder.Services.AddBadgeIssuer(builder.Configuration);
builder.Services.AddBadgeIssuerOpenApi();

WebApplication app = builder.Build();
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseProblemResponses();
app.UseAuthentication();
app.UseAuthorization();
app.UseAuditActor();
app.UseRateLimiter();
app.UseBadgeIssuerOpenApi();

app.MapIssuers();
RouteGroupBuilder issuer = app.MapIssuerScope();
issuer.MapIssuer();
issuer.MapAchievements();
issuer.MapAwards();
issuer.MapBatches();
issuer.MapProgress();
issuer.MapWebhooks();
issuer.MapKeys();
issuer.MapAudit();
app.MapClients();
app.MapVerification();
app.MapPublicDocuments();
app.MapCredentials();
app.MapClaimPage();
app.MapVerifyPage();
app.MapExchanges();
app.MapOid4Vci();
app.MapOid4VciOfferPage();
app.MapObservability();
app.Run();

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;

using Chatbot.Core.Data;
using Chatbot.Core.Limits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

internal static class AttachmentServiceCollectionExtensions
{
    /// <summary>Attachments: their settings (validated at start), the configured store, the service and the sweep.</summary>
    public static void AddAttachments(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachmentOptions>>(provider
            => new AttachmentOptionsValidator(provider.GetRequiredService<IOptions<DatabaseOptions>>(), isDevelopment));
        // The store is read once, here, as the database provider is.
        var store = configuration.GetSection(AttachmentOptions.SectionName).GetValue<AttachmentStoreKind?>(nameof(AttachmentOptions.Store));
        if (store == AttachmentStoreKind.AzureBlob)
        {
            services.AddSingleton<IAttachmentStore, AzureBlobAttachmentStore>();
        }
        else
        {
            services.AddSingleton<IAttachmentStore, FileSystemAttachmentStore>();
        }
        services.AddScoped<StorageQuota>();
        services.AddScoped<AttachmentService>();
        services.AddScoped<AttachmentParts>();
        services.AddScoped<AttachmentCleanup>();
        services.AddHostedService<AttachmentSweeper>();
        services.AddSingleton<Gemini.GeminiFiles>();
    }
}

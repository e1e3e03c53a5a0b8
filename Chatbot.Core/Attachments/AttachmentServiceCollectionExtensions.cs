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
        services.AddSingleton<FileSystemAttachmentStore>();
        services.AddSingleton<IAttachmentStore>(provider => provider.GetRequiredService<FileSystemAttachmentStore>());
        services.AddScoped<StorageQuota>();
        services.AddScoped<AttachmentService>();
        services.AddScoped<AttachmentParts>();
        services.AddScoped<AttachmentCleanup>();
        services.AddHostedService<AttachmentSweeper>();
        services.AddSingleton<Gemini.GeminiFiles>();
    }
}

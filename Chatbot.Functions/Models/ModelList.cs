using Chatbot.Core.Models;

namespace Chatbot.Functions.Models;

/// <summary>
/// The model a session gets when it names none, and every model it may name: <see cref="Allowed"/> as ids (what clients
/// read before there was more than one provider) and <see cref="Models"/> with each one's provider, name and limits.
/// </summary>
internal sealed record ModelList(string Default, IReadOnlyList<string> Allowed, IReadOnlyList<ModelDescriptor> Models)
{
    public static ModelList From(ModelCatalogue catalogue)
        => new(catalogue.Default, [.. catalogue.All.Select(model => model.Id)], catalogue.All);
}

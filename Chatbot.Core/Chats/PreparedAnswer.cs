using Chatbot.Core.Usage;

namespace Chatbot.Core.Chats;

/// <summary>
/// A stored prompt that Gemini is about to answer: what it is sent, the reservation its cost settles, and the
/// message's siblings for the replies that show it (an edit or a regeneration is one of several).
/// </summary>
internal sealed record PreparedAnswer(Message Message, Conversation Conversation, UsageEntry Reservation, MessageIds Siblings)
{
    public MessageDto Show() => MessageDto.From(Message) with { Siblings = Siblings };
}

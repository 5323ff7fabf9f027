"""The messages a channel hands the engine and the engine hands back: defined in the domain (storage keeps
them too), named here as part of the conversations' public contract."""

from fm_domain.messages import Attachment, Choice, ConversationKey, Inbound, Outgoing, Reply

__all__ = ["Attachment", "Choice", "ConversationKey", "Inbound", "Outgoing", "Reply"]

"""The tables, one module per aggregate, re-exported here; importing the package registers them all on ``Base``."""

from storage.models.access import CalendarFeedRow, CommitteeTenantRow
from storage.models.audit import PSEUDONYM_KEY_ID, AuditEventRow, PseudonymKeyRow
from storage.models.base import Base
from storage.models.calendar import CalendarMeetingRow
from storage.models.conversations import Conversation, ConversationUserRow
from storage.models.graph import GraphCalendarLinkRow, GraphFolderLinkRow, GraphFolderOfferRow
from storage.models.minutes import (
    CORPUS_STATE_ID,
    INDEX_SNAPSHOT_ID,
    AgendaItemRow,
    Committee,
    CorpusState,
    DateMentionRow,
    IndexSnapshotRow,
    Meeting,
    MinutesDocument,
    SectionRow,
)
from storage.models.proposals import (
    CommitteeProposalSettingsRow,
    CommitteeSecretaryRow,
    ProposalEventRow,
    ProposalRow,
)
from storage.models.reminders import (
    ReminderDeliveryRow,
    ReminderRuleRow,
    ReminderSubscriptionRow,
    ReminderTenantLeaseRow,
)
from storage.models.uploads import PendingMinutesRow

__all__ = [
    "CORPUS_STATE_ID", "INDEX_SNAPSHOT_ID", "PSEUDONYM_KEY_ID", "AgendaItemRow", "AuditEventRow", "Base",
    "CalendarFeedRow", "CalendarMeetingRow", "Committee", "CommitteeProposalSettingsRow", "CommitteeSecretaryRow",
    "CommitteeTenantRow", "Conversation", "ConversationUserRow", "CorpusState", "DateMentionRow",
    "GraphCalendarLinkRow", "GraphFolderLinkRow", "GraphFolderOfferRow", "IndexSnapshotRow", "Meeting",
    "MinutesDocument", "PendingMinutesRow", "ProposalEventRow", "ProposalRow", "PseudonymKeyRow", "ReminderDeliveryRow",
    "ReminderRuleRow", "ReminderSubscriptionRow", "ReminderTenantLeaseRow", "SectionRow",
]  # fmt: skip  # names packed, one list

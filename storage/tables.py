"""Every table module, imported in one place so SQLModel's metadata (and Alembic) sees them all."""

from __future__ import annotations

# Feature modules register their tables here, one import each.
from storage.activity import models as activity_models  # noqa: F401
from storage.audit import models as audit_models  # noqa: F401
from storage.calendar import models as calendar_models  # noqa: F401
from storage.conversation import models as conversation_models  # noqa: F401
from storage.covenant import models as covenant_models  # noqa: F401
from storage.inbox import models as inbox_models  # noqa: F401
from storage.inbox import updates  # noqa: F401
from storage.leader import models as leader_models  # noqa: F401
from storage.membership import models as membership_models  # noqa: F401
from storage.outbox import models as outbox_models  # noqa: F401
from storage.pledge import models as pledge_models  # noqa: F401
from storage.pledge import payment_models  # noqa: F401
from storage.proposals import models as proposals_models  # noqa: F401
from storage.registration import models as registration_models  # noqa: F401
from storage.scoring import models as scoring_models  # noqa: F401
from storage.year import models as year_models  # noqa: F401

"""The issuer and signature blocks of a cluster's own documents (record, plan)."""

from __future__ import annotations

from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.documents.model import Issuer
from domain.config import ProvinceConfig
from domain.covenant.rules import symbol_for
from domain.drafting.config import head_title, is_bloc
from storage.cluster import picture
from storage.membership.org import ClusterInfo


async def issuer_of(
    session: AsyncSession, province: ProvinceConfig, cluster: ClusterInfo, today: date, kind: str
) -> Issuer:
    """Return the blocks of a document of `kind` («BB», «KH») issued by the cluster: its
    register is the report's (`documents.yaml`) under that kind, its signer the leader."""
    config = province.documents
    signer = await picture.signatory(session=session, cluster_id=cluster.id)
    return Issuer(
        council=config.council, cluster_name=cluster.name, cluster_code=cluster.code,
        symbol=symbol_for(config.symbol(cluster.kind, cluster.code, cluster.name), kind),
        place=config.place, day=today, head_title=head_title(cluster.kind),
        signer_name=signer.full_name if signer else "",
        signer_unit=signer.unit_name if signer else "", recipients=list(config.recipients),
        bloc=is_bloc(cluster.kind), deputy=signer.deputy if signer else False,
    )  # fmt: skip

"""The office console's services: who may open it, the province at a glance, the organisation
with a preview, and the audit trail. The console's pages call these and nothing else."""

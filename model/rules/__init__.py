"""The 审核 rules, one module per family; ``model.checks.run_checks`` runs them all."""

"""The domain model of 绩效自评填报: pure Python, no Qt, no third-party file formats."""

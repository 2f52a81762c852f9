"""The pages of the main window, one per tab (each module is loaded when its tab is first shown)."""

#: the ten body sections as short tab titles (the full titles are ``model.report.SECTIONS``)
SHORT_TITLES = ("基本情况", "公共预算", "政府性基金", "国有资本", "社保基金",
                "绩效情况", "问题原因", "改进措施", "结果应用", "其他情况")

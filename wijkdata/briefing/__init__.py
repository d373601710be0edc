"""The Raadsbriefing: a short document a council member takes to the debate, for one wijk or buurt or one theme.

Modules, each one concern:

- :mod:`~wijkdata.briefing.document`: the format-free document (headings, paragraphs, tables, figures, questions);
- :mod:`~wijkdata.briefing.facts`: the figures it rests on, read from the analysis functions the pages use;
- :mod:`~wijkdata.briefing.summary`: the plain-Dutch summary sentences;
- :mod:`~wijkdata.briefing.questions`: *vragen voor het debat*, derived by stated rules;
- :mod:`~wijkdata.briefing.figures`: the static map and charts (matplotlib, PNG at 200 dpi);
- :mod:`~wijkdata.briefing.content`: the briefing of an area; :mod:`~wijkdata.briefing.theme`: of a theme;
- :mod:`~wijkdata.briefing.render_text` (Markdown, HTML), :mod:`~wijkdata.briefing.render_pdf`,
  :mod:`~wijkdata.briefing.render_docx`: one document, four formats;
- :mod:`~wijkdata.briefing.command`: ``python -m wijkdata briefing``.
"""

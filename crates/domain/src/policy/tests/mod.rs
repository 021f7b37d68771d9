mod conflict_props;
mod fail_closed;
mod fixtures;
mod loading;
mod paragraphs;
mod roles_table;

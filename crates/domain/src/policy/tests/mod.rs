mod fixtures;
mod loading;
mod paragraphs;
mod roles_table;

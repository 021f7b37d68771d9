mod fixtures;
mod loading;
mod paragraphs;

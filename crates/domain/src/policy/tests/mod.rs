mod fixtures;
mod loading;

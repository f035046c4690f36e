//! Whether the screen has colours: `auto`, `always`, `never`.

/// Colours on the screen: `auto` (unless `NO_COLOR` is set), `always`, `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colours, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Colours, even when `NO_COLOR` is set.
    Always,
    /// No colours: only bold, reverse and underline.
    Never,
}

impl ColorChoice {
    /// The name the config file and `--color` use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Always => "always",
            Self::Never => "never",
        }
    }
}

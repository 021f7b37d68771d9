// Tells the dependency test which platform to filter `cargo metadata` to.
fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=KINLOG_HOST_TARGET={target}");
}

#!/usr/bin/perl
# Scores .eml files with SpamAssassin as `spamassassin -L -t` does (local tests only, no network), in
# one process: the rules are read and compiled once instead of once per message.
#
# Usage: spamassassin_scores.pl HOME FILE...   HOME is a private folder for SpamAssassin's state (it
# must not write into the user's ~/.spamassassin); Bayes and auto-learning are off, so every run
# scores the same. Prints "path<TAB>score<TAB>rule,rule,..." per file.
use strict;
use warnings;
use Mail::SpamAssassin;

my $home = shift @ARGV or die "usage: spamassassin_scores.pl HOME FILE...\n";
my $spamassassin = Mail::SpamAssassin->new({
    local_tests_only     => 1,
    dont_copy_prefs      => 1,
    home_dir_for_helpers => $home,
    userstate_dir        => "$home/.spamassassin",
    userprefs_filename   => "$home/user_prefs",
    post_config_text     => "use_bayes 0\nbayes_auto_learn 0\n",
});
$spamassassin->compile_now(0);
for my $file (@ARGV) {
    open(my $handle, '<', $file) or die "$file: $!\n";
    my $mail = $spamassassin->parse($handle);
    close $handle;
    my $status = $spamassassin->check($mail);
    printf "%s\t%.1f\t%s\n", $file, $status->get_score(), $status->get_names_of_tests_hit();
    $status->finish();
    $mail->finish();
}

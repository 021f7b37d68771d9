//! Custody episodes: removals, placements, exits.
use super::*;

#[test]
fn a_removal_opens_an_episode() {
    let state = check(
        &investigating(),
        CaseCommand::RecordRemoval(record_removal()),
        Ok(vec![removed("2024-03-02")]),
    );
    assert!(state.effective().unwrap().open_episode_of(CHILD).is_some());
}

#[test]
fn a_removal_while_an_episode_is_open_is_rejected() {
    check(
        &in_care(),
        CaseCommand::RecordRemoval(RecordRemoval {
            episode_id: EpisodeId(id(0xE2)),
            removed_on: d("2024-04-01"),
            ..record_removal()
        }),
        rejects(Rule::EpisodeAlreadyOpen, "child"),
    );
}

#[test]
fn a_removal_inside_an_earlier_episode_is_rejected() {
    let given = with(in_care(), [exited("2024-05-01")]);
    let again = RecordRemoval {
        episode_id: EpisodeId(id(0xE2)),
        removed_on: d("2024-04-15"),
        ..record_removal()
    };
    check(
        &given,
        CaseCommand::RecordRemoval(again.clone()),
        rejects(Rule::RemovalOverlapsEpisode, "removed_on"),
    );
    // Re-entry on the day of the exit is a new episode.
    check(
        &given,
        CaseCommand::RecordRemoval(RecordRemoval {
            removed_on: d("2024-05-01"),
            ..again.clone()
        }),
        Ok(vec![CaseEvent::ChildRemoved {
            episode_id: again.episode_id,
            child: CHILD,
            removed_on: d("2024-05-01"),
            removed_at: None,
            manner: RemovalManner::CourtOrdered,
            environment: RemovalEnvironment::ParentHousehold,
            circumstances: again.circumstances.clone(),
        }]),
    );
}

#[test]
fn removal_circumstances_follow_the_afcars_edits() {
    check(
        &investigating(),
        CaseCommand::RecordRemoval(RecordRemoval {
            circumstances: BTreeSet::new(),
            ..record_removal()
        }),
        rejects(Rule::Required, "circumstances"),
    );
    for pair in [
        [
            RemovalCircumstance::Runaway,
            RemovalCircumstance::WhereaboutsUnknown,
        ],
        [
            RemovalCircumstance::Abandonment,
            RemovalCircumstance::VoluntaryRelinquishmentForAdoption,
        ],
    ] {
        check(
            &investigating(),
            CaseCommand::RecordRemoval(RecordRemoval {
                circumstances: BTreeSet::from(pair),
                ..record_removal()
            }),
            rejects(Rule::ExclusiveCircumstances, "circumstances"),
        );
    }
}

#[test]
fn a_placement_in_an_open_episode() {
    check(
        &with(investigating(), [removed("2024-03-02")]),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-02", None)),
        Ok(vec![placed(PLACEMENT, "2024-03-02", None)]),
    );
}

#[test]
fn a_placement_outside_its_episode_is_rejected() {
    check(
        &investigating(),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-02", None)),
        rejects(Rule::EpisodeNotFound, "episode_id"),
    );
    check(
        &with(investigating(), [removed("2024-03-02")]),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-01", None)),
        rejects(Rule::PlacementOutsideEpisode, "started_on"),
    );
    let ended = with(in_care(), [exited("2024-04-01")]);
    check(
        &ended,
        CaseCommand::PlaceChild(place_child(
            NEXT_PLACEMENT,
            "2024-04-02",
            Some("2024-04-03"),
        )),
        rejects(Rule::PlacementOutsideEpisode, "started_on"),
    );
    check(
        &ended,
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-04-01", None)),
        rejects(Rule::PlacementOutsideEpisode, "ended_on"),
    );
}

#[test]
fn a_late_placement_inside_an_ended_episode_is_accepted() {
    // Episode 03-02..04-10; the first placement was recorded as 03-02..03-20, and the
    // worker later enters the placement 03-20..04-10 they forgot.
    let given = with(
        investigating(),
        [
            removed("2024-03-02"),
            placed(PLACEMENT, "2024-03-02", Some("2024-03-20")),
            exited("2024-04-10"),
        ],
    );
    check(
        &given,
        CaseCommand::PlaceChild(place_child(
            NEXT_PLACEMENT,
            "2024-03-20",
            Some("2024-04-10"),
        )),
        Ok(vec![placed(
            NEXT_PLACEMENT,
            "2024-03-20",
            Some("2024-04-10"),
        )]),
    );
}

#[test]
fn overlapping_placements_are_rejected() {
    check(
        &in_care(),
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-04-01", None)),
        rejects(Rule::PlacementsOverlap, "started_on"),
    );
    let moved = with(
        investigating(),
        [
            removed("2024-03-02"),
            placed(PLACEMENT, "2024-03-02", Some("2024-04-01")),
        ],
    );
    check(
        &moved,
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-03-31", None)),
        rejects(Rule::PlacementsOverlap, "started_on"),
    );
    check(
        &moved,
        CaseCommand::PlaceChild(place_child(NEXT_PLACEMENT, "2024-04-01", None)),
        Ok(vec![placed(NEXT_PLACEMENT, "2024-04-01", None)]),
    );
}

#[test]
fn a_placement_setting_and_location_must_agree() {
    let runaway = PlacementSetting::Other {
        setting: OtherPlacementSetting::Runaway,
    };
    let given = with(investigating(), [removed("2024-03-02")]);
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            setting: runaway.clone(),
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        rejects(Rule::LocationDoesNotFitSetting, "location"),
    );
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            setting: runaway.clone(),
            location: PlacementLocation::RunawayOrWhereaboutsUnknown,
            provider: None,
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        Ok(vec![CaseEvent::ChildPlaced {
            placement_id: PLACEMENT,
            episode_id: EPISODE,
            child: CHILD,
            started_on: d("2024-03-02"),
            ended_on: None,
            setting: runaway,
            provider: None,
            location: PlacementLocation::RunawayOrWhereaboutsUnknown,
        }]),
    );
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            setting: PlacementSetting::FosterFamilyHome {
                home_types: BTreeSet::new(),
            },
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        rejects(Rule::Required, "setting.home_types"),
    );
    check(
        &given,
        CaseCommand::PlaceChild(PlaceChild {
            provider: None,
            ..place_child(PLACEMENT, "2024-03-02", None)
        }),
        rejects(Rule::Required, "provider"),
    );
}

#[test]
fn a_placement_cannot_end_before_it_starts() {
    check(
        &with(investigating(), [removed("2024-03-02")]),
        CaseCommand::PlaceChild(place_child(PLACEMENT, "2024-03-10", Some("2024-03-09"))),
        rejects(Rule::EndBeforeStart, "ended_on"),
    );
    check(
        &in_care(),
        CaseCommand::EndPlacement(EndPlacement {
            placement_id: PLACEMENT,
            ended_on: d("2024-03-01"),
        }),
        rejects(Rule::EndBeforeStart, "ended_on"),
    );
}

#[test]
fn ending_a_placement() {
    let end = EndPlacement {
        placement_id: PLACEMENT,
        ended_on: d("2024-04-01"),
    };
    let ended = CaseEvent::PlacementEnded {
        placement_id: PLACEMENT,
        episode_id: EPISODE,
        ended_on: d("2024-04-01"),
    };
    check(
        &in_care(),
        CaseCommand::EndPlacement(end.clone()),
        Ok(vec![ended.clone()]),
    );
    check(
        &with(in_care(), [ended]),
        CaseCommand::EndPlacement(end.clone()),
        rejects(Rule::PlacementAlreadyEnded, "placement_id"),
    );
    check(
        &investigating(),
        CaseCommand::EndPlacement(end),
        rejects(Rule::PlacementNotFound, "placement_id"),
    );
}

#[test]
fn an_exit_ends_the_open_placement_and_the_episode() {
    let exit = RecordExit {
        episode_id: EPISODE,
        exited_on: d("2024-05-20"),
        reason: ExitReason::TransferToAnotherAgency {
            receiving_agency: ReceivingAgency::JuvenileJusticeAgency,
        },
    };
    let state = check(
        &in_care(),
        CaseCommand::RecordExit(exit.clone()),
        Ok(vec![
            CaseEvent::PlacementEnded {
                placement_id: PLACEMENT,
                episode_id: EPISODE,
                ended_on: d("2024-05-20"),
            },
            CaseEvent::ChildExitedCare {
                episode_id: EPISODE,
                child: CHILD,
                exited_on: d("2024-05-20"),
                reason: exit.reason,
            },
        ]),
    );
    assert!(state.effective().unwrap().open_episode_of(CHILD).is_none());
    assert_eq!(exit.reason.code(), 8);
    assert_eq!(
        exit.reason.receiving_agency(),
        Some(ReceivingAgency::JuvenileJusticeAgency)
    );
}

#[test]
fn an_exit_before_its_removal_or_a_placement_is_rejected() {
    check(
        &in_care(),
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-03-01"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::ExitBeforeRemoval, "exited_on"),
    );
    let moved = with(
        in_care(),
        [
            CaseEvent::PlacementEnded {
                placement_id: PLACEMENT,
                episode_id: EPISODE,
                ended_on: d("2024-04-01"),
            },
            placed(NEXT_PLACEMENT, "2024-04-01", None),
        ],
    );
    check(
        &moved,
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-03-15"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::PlacementAfterExit, "exited_on"),
    );
    check(
        &with(in_care(), [exited("2024-05-01")]),
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-05-02"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::EpisodeNotOpen, "episode_id"),
    );
}

#[test]
fn an_exit_cannot_leave_a_review_outside_the_episode() {
    let reviewed = with(
        in_care(),
        [CaseEvent::PeriodicReviewHeld {
            child: CHILD,
            held_on: d("2024-05-10"),
        }],
    );
    check(
        &reviewed,
        CaseCommand::RecordExit(RecordExit {
            episode_id: EPISODE,
            exited_on: d("2024-05-09"),
            reason: ExitReason::ReunifyWithParents,
        }),
        rejects(Rule::InCareActivityAfterExit, "exited_on"),
    );
}

#[test]
fn an_exit_to_adoption_or_guardianship_needs_it_on_record() {
    let to_adoption = RecordExit {
        episode_id: EPISODE,
        exited_on: d("2024-06-01"),
        reason: ExitReason::Adoption,
    };
    check(
        &in_care(),
        CaseCommand::RecordExit(to_adoption.clone()),
        rejects(Rule::ExitWithoutFinalizedAdoption, "reason"),
    );
    let finalized_later = with(
        in_care(),
        [
            CaseEvent::AdoptivePlacementMade {
                child: CHILD,
                family: HOME,
                placed_on: d("2024-05-01"),
            },
            CaseEvent::AdoptionFinalized {
                child: CHILD,
                finalized_on: d("2024-06-02"),
            },
        ],
    );
    check(
        &finalized_later,
        CaseCommand::RecordExit(to_adoption),
        rejects(Rule::ExitWithoutFinalizedAdoption, "reason"),
    );
    let to_guardianship = RecordExit {
        episode_id: EPISODE,
        exited_on: d("2024-06-01"),
        reason: ExitReason::Guardianship,
    };
    check(
        &in_care(),
        CaseCommand::RecordExit(to_guardianship.clone()),
        rejects(Rule::ExitWithoutGuardianship, "reason"),
    );
    let guardianship = with(
        in_care(),
        [CaseEvent::GuardianshipEstablished {
            child: CHILD,
            guardians: BTreeSet::from([MOTHER]),
            established_on: d("2024-06-01"),
        }],
    );
    check(
        &guardianship,
        CaseCommand::RecordExit(to_guardianship),
        Ok(vec![
            CaseEvent::PlacementEnded {
                placement_id: PLACEMENT,
                episode_id: EPISODE,
                ended_on: d("2024-06-01"),
            },
            CaseEvent::ChildExitedCare {
                episode_id: EPISODE,
                child: CHILD,
                exited_on: d("2024-06-01"),
                reason: ExitReason::Guardianship,
            },
        ]),
    );
}

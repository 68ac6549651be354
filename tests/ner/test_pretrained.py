"""--ner hanlp:<id>: HanLP pretrained models, mapped onto the ontology, and a
one-line failure where HanLP's download server cannot be reached."""
from kg.ner.pretrained import PretrainedTagger, map_label
from kgtest import SEEDS, run_kg


def test_msra_and_ontonotes_tags_map_onto_ontology_labels():
    assert map_label("NS", "连云港市") == "Place"
    assert map_label("GPE", "江苏省") == "Place"
    assert map_label("NT", "连云港市商务局") == "Agency"
    assert map_label("ORG", "江苏方洋集团有限公司") == "Enterprise"
    assert map_label("NT", "江苏海洋大学") == "Organization"
    assert map_label("NR", "张三") is None and map_label("DATE", "2025年") is None


def test_single_task_model_output_becomes_character_spans():
    text = "连云港市商务局与江苏海洋大学合作。"

    def msra_like(batch):          # what HanLP's MSRA NER returns for character input
        return [[("连云港市商务局", "NT", 0, 7), ("江苏海洋大学", "NT", 8, 14), ("合作", "NR", 14, 16)]]

    tagger = PretrainedTagger(msra_like, "MSRA-like")
    assert tagger.predict([text]) == [[(0, 7, "Agency"), (8, 14, "Organization")]]


def test_unreachable_pretrained_model_fails_with_one_line(tmp_path):
    proc = run_kg("build", SEEDS, "--out", tmp_path / "out", "--ner", "hanlp:http://127.0.0.1:9/ner.zip",
                  check=False, env={"HANLP_HOME": str(tmp_path / "hanlp"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: error: HanLP pretrained model"), proc.stderr
    assert "--ner project" in lines[0]
    assert not (tmp_path / "out" / "graph.json").exists()


def test_unknown_pretrained_id_lists_the_chinese_models(tmp_path):
    proc = run_kg("build", SEEDS, "--out", tmp_path / "out", "--ner", "hanlp:NO_SUCH_MODEL", check=False)
    assert proc.returncode != 0
    assert "MSRA_NER_ELECTRA_SMALL_ZH" in proc.stderr

package io.deepbootstrap.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsTextLeftAndNumbersRight() {
        String table = new TextTable().column("name", false).column("value", true).column("note", false)
                .row(List.of("a", "1.5", "x"))
                .row(List.of("longer name", "12345.25", ""))
                .render();

        assertThat(table).isEqualTo(""
                + "name            value  note\n"
                + "-----------  --------  ----\n"
                + "a                 1.5  x\n"
                + "longer name  12345.25\n");
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        TextTable table = new TextTable().column("a", false);

        assertThatThrownBy(() -> table.row(List.of("1", "2")))
                .hasMessage("row has 2 cells, the table 1 columns: [1, 2]");
    }
}
